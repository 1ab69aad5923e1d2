//! The search index of a built site: a generated site of a few hundred briefs is built with
//! the real binary and its `search/data/` files read back with `chancery::search::decode`.

use std::collections::HashMap;

use chancery::search::{decode, shards};

use crate::harness::SiteTest;

const WORDS: [&str; 24] = [
    "grid",
    "tariff",
    "levy",
    "treaty",
    "regulators",
    "regulation",
    "budget",
    "audit",
    "subsidy",
    "mandate",
    "coalition",
    "registry",
    "standard",
    "pilot",
    "reform",
    "ministry",
    "supply",
    "emission",
    "market",
    "labour",
    "fiscal",
    "court",
    "council",
    "energy",
];

/// A site of `n` briefs with words drawn from [`WORDS`], three topics, two regions and
/// dates across three years; brief 7 mentions "Tomás Ferreira" in its body.
fn generated(n: usize) -> SiteTest {
    let mut site = SiteTest::fixture("basic").without_pdfs();
    std::fs::remove_dir_all(site.root().join("content/pages")).expect("remove pages");
    for old in ["alpha", "beta", "gamma", "delta"] {
        std::fs::remove_file(site.root().join(format!("content/briefs/{old}.md"))).expect("remove");
    }
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    for i in 0..n {
        let body: Vec<&str> = (0..120)
            .map(|_| {
                let r = next(WORDS.len());
                WORDS[next(r + 1)]
            })
            .collect();
        let mut body = body.join(" ");
        if i == 7 {
            body.push_str(" Interview with Tomás Ferreira.");
        }
        let text = format!(
            "---\ntitle: Brief {i} on the {}\ndate: {}-{:02}-{:02}\nsummary: Brief {i} looks at the {} of the {}.\n\
             topics: [{}]\nregions: [{}]\n---\n{body}\n",
            WORDS[i % WORDS.len()],
            2020 + i % 3,
            1 + i % 12,
            1 + i % 28,
            WORDS[(i * 7) % WORDS.len()],
            WORDS[(i * 5) % WORDS.len()],
            ["Energy", "Trade", "Health"][i % 3],
            ["Europe", "Africa"][i % 2],
        );
        site = site.write(&format!("content/briefs/b{i:04}.md"), text);
    }
    site
}

#[test]
fn can_build_a_sharded_index_from_the_model() {
    let run = generated(300).build().success();
    let files: HashMap<String, Vec<u8>> =
        run.snapshot().into_iter().filter(|(p, _)| p.starts_with("search/data/")).collect();
    let boot: serde_json::Value = serde_json::from_slice(&files["search/data/boot.json"]).expect("boot JSON");
    assert_eq!(boot["briefs"], 300);
    let names: Vec<String> =
        boot["shards"].as_array().expect("shards").iter().map(|s| s.as_str().expect("name").to_owned()).collect();
    assert!(!names.is_empty());
    assert!(files["search/data/boot.json"].len() < 100 + names.len() * 20, "boot is small");
    let names_ref: Vec<&str> = names.iter().map(String::as_str).collect();
    let shard = |word: &str| -> decode::Shard {
        let k = shards::find(&names_ref, word).expect("a shard");
        decode::shard(&files[&format!("search/data/s/{}.bin", shards::file_name(&names[k]))]).expect("readable")
    };
    // Every brief is in the postings of every word of its body, under the stem.
    let regulat = shard("regulators");
    let stemmed = regulat.postings("regulators").expect("regulators");
    assert_eq!(regulat.postings("regulation"), Some(stemmed), "English stems join the two words");
    assert!(stemmed.count > 50);
    // Folded: the accent of the body is not needed to find it.
    let tomas = shard("tomas").postings("tomas").cloned().expect("tomas");
    assert_eq!(tomas.count, 1);
    let record_of = |id: u32| -> serde_json::Value {
        let fragment = boot["fragment"].as_u64().expect("fragment") as u32;
        let r: serde_json::Value =
            serde_json::from_slice(&files[&format!("search/data/r/{}.json", id / fragment)]).expect("records");
        r[(id % fragment) as usize].clone()
    };
    assert_eq!(record_of(tomas.briefs[0])[0], "Brief 7 on the audit");
    // Its shard carries the record of the stem's best briefs: a one-word query needs no more.
    let (_, carried) = shard("tomas").records.into_iter().find(|(id, _)| *id == tomas.briefs[0]).expect("carried");
    let carried: serde_json::Value = serde_json::from_str(&carried).expect("record JSON");
    assert_eq!(carried[0], "Brief 7 on the audit");
    assert_eq!(carried[5], record_of(tomas.briefs[0])[5], "with its summary, the only text");
    // Words are whole words: the index has no "ai" inside "said" or "grid".
    assert!(shard("rid").postings("rid").is_none());
    // Facets: each term's briefs; years in the boot file.
    let energy = decode::facet(&files["search/data/f/topics/energy.bin"]).expect("facet");
    assert_eq!(energy.len(), 100);
    assert!(energy.iter().all(|&id| record_of(id)[4] == serde_json::json!(["Energy"])));
    assert_eq!(boot["years"].as_array().map(Vec::len), Some(3));
    // The search page: the index folder and the facets with their counts.
    let page = run.file("search/index.html");
    assert!(page.contains("data-base=\"/policy/briefs/search/data/\""), "under the sub-path");
    assert!(page.contains("Energy (100)"), "a facet term with its count");
}
