//! Tests of the whole index: built from generated briefs, read back with [`super::decode`].

use std::collections::HashMap;

use super::decode;
use super::shards;
use super::{Doc, DocTerm, DocTerms, Options, SearchFile, build};

/// A deterministic generator of briefs over a Zipf-like vocabulary of made-up words.
struct Corpus {
    state: u64,
    vocabulary: Vec<String>,
}

impl Corpus {
    fn new() -> Corpus {
        let syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "qua", "bri", "dor"];
        let mut vocabulary = Vec::new();
        for a in syllables {
            for b in syllables {
                for c in ["", "n", "tion", "s", "ment", "ing"] {
                    vocabulary.push(format!("{a}{b}{c}"));
                }
            }
        }
        Corpus { state: 0x9e37_79b9_7f4a_7c15, vocabulary }
    }

    fn next(&mut self, m: usize) -> usize {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        (self.state % m as u64) as usize
    }

    /// A word, common ones far more often.
    fn word(&mut self) -> String {
        let r = self.next(self.vocabulary.len());
        let i = self.next(r + 1);
        self.vocabulary[i].clone()
    }

    fn text(&mut self, words: usize) -> String {
        (0..words).map(|_| self.word()).collect::<Vec<_>>().join(" ")
    }

    /// Brief `i`: dated by its number, so numbering follows `i`.
    fn brief(&mut self, i: usize) -> Owned {
        let n = 40 + self.next(300);
        Owned {
            title: self.text(6),
            slug: format!("b{i:05}"),
            path: format!("briefs/b{i:05}/"),
            date: format!("{}-{:02}-{:02}", 2015 + i / 336, 1 + i % 336 / 28, 1 + i % 28),
            summary: self.text(25),
            key_points: vec![self.text(10)],
            body: self.text(n),
            topic: ["Energy", "Trade", "Health"][i % 3].to_owned(),
        }
    }
}

/// The owned parts of a generated brief.
#[derive(Clone)]
struct Owned {
    title: String,
    slug: String,
    path: String,
    date: String,
    summary: String,
    key_points: Vec<String>,
    body: String,
    topic: String,
}

impl Owned {
    fn doc(&self) -> Doc<'_> {
        let slug = if self.topic == "Energy" {
            "energy"
        } else if self.topic == "Trade" {
            "trade"
        } else {
            "health"
        };
        Doc {
            title: &self.title,
            path: &self.path,
            slug: &self.slug,
            date: &self.date,
            display_date: &self.date,
            summary: &self.summary,
            key_points: &self.key_points,
            authors: vec!["Tomás Ferreira"],
            terms: vec![DocTerm { taxonomy: "topics", name: &self.topic, slug }],
            shown_taxonomy: "topics",
            body: &self.body,
        }
    }
}

fn corpus(n: usize) -> Vec<Owned> {
    let mut c = Corpus::new();
    (0..n).map(|i| c.brief(i)).collect()
}

fn index(briefs: &[Owned], options: &Options) -> Vec<SearchFile> {
    let terms: Vec<DocTerms> = briefs.iter().map(|b| DocTerms::of(&b.doc())).collect();
    build(&terms.iter().collect::<Vec<_>>(), options)
}

fn file<'a>(files: &'a [SearchFile], path: &str) -> &'a [u8] {
    &files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}")).bytes
}

fn boot(files: &[SearchFile]) -> serde_json::Value {
    serde_json::from_slice(file(files, "boot.json")).expect("boot JSON")
}

fn shard_names(files: &[SearchFile]) -> Vec<String> {
    boot(files)["shards"].as_array().expect("shards").iter().map(|s| s.as_str().expect("name").to_owned()).collect()
}

/// The shard a folded word is in, read.
fn shard_of(files: &[SearchFile], word: &str) -> decode::Shard {
    let names = shard_names(files);
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let k = shards::find(&refs, word).expect("a shard");
    decode::shard(file(files, &format!("s/{}.bin", shards::file_name(&names[k])))).expect("readable")
}

/// The slot of each of `briefs`.
fn slot_of(briefs: &[Owned]) -> Vec<u32> {
    let keys: Vec<(&str, &str)> = briefs.iter().map(|b| (b.date.as_str(), b.slug.as_str())).collect();
    super::slots(&keys).0
}

/// The bytes of `after` that are not in `before` (new or changed files), and all of them.
fn rewritten(before: &[SearchFile], after: &[SearchFile]) -> (usize, usize, Vec<String>) {
    let old: HashMap<&str, &[u8]> = before.iter().map(|f| (f.path.as_str(), f.bytes.as_slice())).collect();
    let changed: Vec<&SearchFile> =
        after.iter().filter(|f| old.get(f.path.as_str()) != Some(&f.bytes.as_slice())).collect();
    (
        changed.iter().map(|f| f.bytes.len()).sum(),
        after.iter().map(|f| f.bytes.len()).sum(),
        changed.iter().map(|f| f.path.clone()).collect(),
    )
}

fn small() -> Options {
    Options { shard_cap: 4_000, top: 16, ..Options::new("en") }
}

#[test]
fn can_find_every_word_of_every_brief_in_its_shard() {
    let briefs = corpus(300);
    let files = index(&briefs, &small());
    let slots = slot_of(&briefs);
    let mut seen: HashMap<String, decode::Shard> = HashMap::new();
    for (b, &id) in briefs.iter().zip(&slots) {
        for w in super::tokenize::words(&format!("{} {} {}", b.title, b.summary, b.body)) {
            let shard = seen.entry(w.clone()).or_insert_with(|| shard_of(&files, &w));
            let p = shard.postings(&w).unwrap_or_else(|| panic!("{w} is not in its shard"));
            assert!(p.briefs.binary_search(&id).is_ok(), "{w} does not list brief {id}");
            assert_eq!(p.count, p.briefs.len());
        }
    }
    assert!(seen.len() > 300, "a real vocabulary: {}", seen.len());
}

#[test]
fn can_cap_shards_in_bytes() {
    let briefs = corpus(600);
    let options = small();
    let files = index(&briefs, &options);
    let shard_files: Vec<&SearchFile> = files.iter().filter(|f| f.path.starts_with("s/")).collect();
    assert!(shard_files.len() > 10, "{} shards", shard_files.len());
    for f in shard_files {
        let s = decode::shard(&f.bytes).expect("readable");
        assert!(f.bytes.len() <= options.shard_cap || s.words.len() == 1, "{} has {} bytes", f.path, f.bytes.len());
    }
}

#[test]
fn can_keep_impacts_of_the_best_briefs_of_common_stems_only() {
    let briefs = corpus(600);
    let options = small();
    let files = index(&briefs, &options);
    let common = &Corpus::new().vocabulary[0];
    let shard = shard_of(&files, common);
    let p = shard.postings(common).expect("the most common word");
    assert!(p.count > options.top, "{} briefs", p.count);
    assert_eq!(p.impacts.len(), options.top, "ranked: impacts of the best only");
    let rest = p.rest.expect("one impact for the others");
    assert!(p.impacts.iter().all(|&(_, i)| i >= rest), "the best are not below the rest");
    // A rare word keeps every impact.
    let shards: Vec<decode::Shard> =
        files.iter().filter(|f| f.path.starts_with("s/")).map(|f| decode::shard(&f.bytes).expect("readable")).collect();
    let rare = shards.iter().flat_map(|s| &s.stems).find(|s| s.count <= options.top).expect("a rare stem");
    assert_eq!(rare.impacts.len(), rare.count);
}

#[test]
fn can_stem_and_fold_at_index_time() {
    let mut b = corpus(3);
    b[1].body.push_str(" The regulations were reviewed.");
    b[2].body.push_str(" A regulation.");
    let files = index(&b, &Options::new("en-GB"));
    let shard = shard_of(&files, "regulation");
    let one = shard.postings("regulation").expect("a surface word of the stem's shard");
    assert_eq!(shard.postings("regulations"), Some(one), "both surfaces share the stem's postings");
    assert_eq!(one.briefs, [1, 2]);
    let tomas = shard_of(&files, "tomas").postings("tomas").cloned().expect("folded author");
    assert_eq!(tomas.count, 3);
    // Without a stemmer the two surface words keep apart.
    let plain = index(&b, &Options::new("tlh"));
    assert_eq!(shard_of(&plain, "regulation").postings("regulation").map(|p| p.briefs.clone()), Some(vec![2]));
    assert_eq!(shard_of(&plain, "regulations").postings("regulations").map(|p| p.briefs.clone()), Some(vec![1]));
}

#[test]
fn can_keep_the_boot_file_independent_of_the_brief_count() {
    let options = Options { shard_cap: 1 << 30, ..Options::new("en") };
    let at = |n: usize| index(&corpus(n), &options);
    let (a, b) = (at(200), at(2_000));
    assert_eq!(shard_names(&a).len(), 1);
    assert_eq!(shard_names(&b).len(), 1);
    let (ba, bb) = (file(&a, "boot.json").len(), file(&b, "boot.json").len());
    // The brief count has one more digit, and 2,000 briefs span more years.
    let years = boot(&b)["years"].as_array().map_or(0, Vec::len) - boot(&a)["years"].as_array().map_or(0, Vec::len);
    assert!(bb <= ba + 1 + years * 12, "boot {ba} -> {bb} bytes");
    // With the default cap, the boot file grows with the number of shards only.
    let options = Options::new("en");
    for n in [200, 2_000] {
        let files = index(&corpus(n), &options);
        let names = shard_names(&files);
        let fixed = file(&files, "boot.json").len() - names.iter().map(|s| s.len() + 3).sum::<usize>();
        assert!(fixed < 200, "{n} briefs: {fixed} bytes besides the shard names");
    }
}

#[test]
fn can_number_briefs_so_that_a_new_one_appends() {
    let mut briefs = corpus(400);
    let before = index(&briefs[..399], &Options::new("en"));
    let after = index(&briefs, &Options::new("en"));
    // Every record fragment but the new brief's is unchanged.
    let fragment = Options::new("en").fragment as u32;
    let home = format!("r/{}.json", slot_of(&briefs)[399] / fragment);
    let fragments = |files: &[SearchFile]| -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .filter(|f| f.path.starts_with("r/") && f.path != home)
            .map(|f| (f.path.clone(), f.bytes.clone()))
            .collect()
    };
    assert_eq!(fragments(&before), fragments(&after));
    assert!(fragments(&after).len() > 10);
    // The numbering does not depend on the order the briefs are given in.
    briefs.reverse();
    assert_eq!(index(&briefs, &Options::new("en")), after);
}

#[test]
fn can_remove_or_backdate_a_brief_without_rewriting_the_index() {
    let briefs = corpus(2_000);
    let options = Options::new("en");
    let before = index(&briefs, &options);
    // Removed: only its month's later briefs move.
    let mut fewer = briefs.clone();
    fewer.remove(700);
    let (bytes, total, paths) = rewritten(&before, &index(&fewer, &options));
    // What a new brief after all the others rewrites (its words' shards), the yardstick.
    let mut newer = briefs.clone();
    newer.push(Corpus::new().brief(2_000));
    let (appended, _, _) = rewritten(&before, &index(&newer, &options));
    let records = paths.iter().filter(|p| p.starts_with("r/")).count();
    assert!(records <= 64 / options.fragment + 1, "{records} record fragments rewritten");
    // Brief 700 is the first of its month: the worst case, every later brief of it moves.
    assert!(bytes * 100 <= total * 80, "removal: {bytes} of {total} bytes rewritten, {appended} for a new brief");
    // Added with an older date than the newest: the same.
    let mut more = briefs.clone();
    let mut late = Corpus::new().brief(5_000);
    late.date = briefs[1_500].date.clone();
    more.push(late);
    let (bytes, total, paths) = rewritten(&before, &index(&more, &options));
    let records = paths.iter().filter(|p| p.starts_with("r/")).count();
    assert!(records <= 64 / options.fragment + 1, "{records} record fragments rewritten");
    assert!(bytes * 100 <= total * 80, "backdated: {bytes} of {total} bytes rewritten, {appended} for a new brief");
}

#[test]
fn can_carry_the_records_of_each_stems_best_briefs_in_its_shard() {
    let briefs = corpus(600);
    let options = small();
    let files = index(&briefs, &options);
    let mut checked = 0;
    for f in files.iter().filter(|f| f.path.starts_with("s/")) {
        let shard = decode::shard(&f.bytes).expect("readable");
        let carried: HashMap<u32, serde_json::Value> =
            shard.records.iter().map(|(id, json)| (*id, serde_json::from_str(json).expect("record JSON"))).collect();
        for (word, stem) in &shard.words {
            let p = &shard.stems[*stem];
            // The best by impact, then newest.
            let mut ranked = p.impacts.clone();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
            for &(id, _) in ranked.iter().take(options.records) {
                let r = carried.get(&id).unwrap_or_else(|| panic!("{}: no record of {id} for {word}", f.path));
                let text: Vec<String> = std::iter::once(r[5].as_str().unwrap_or("").to_owned())
                    .chain(r[6].as_array().expect("texts").iter().map(|t| t.as_str().expect("text").to_owned()))
                    .collect();
                assert!(!text.concat().is_empty(), "a snippet text");
                checked += 1;
            }
        }
    }
    assert!(checked > 1_000, "{checked}");
    // The text carried for a word has the word when one of the brief's texts does.
    let common = &Corpus::new().vocabulary[0];
    let shard = shard_of(&files, common);
    let mut ranked = shard.postings(common).expect("common").impacts.clone();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    let ids: Vec<u32> = ranked.iter().take(options.records).map(|p| p.0).collect();
    let slots = slot_of(&briefs);
    let stems = super::tokenize::Stems::for_language("en");
    let with_word = shard
        .records
        .iter()
        .filter(|(id, _)| ids.contains(id))
        .filter(|(id, json)| {
            let b = &briefs[slots.iter().position(|s| s == id).expect("a brief")];
            let has = |t: &str| super::tokenize::words(t).any(|w| stems.stem(&w) == stems.stem(common));
            let any = has(&b.summary) || b.key_points.iter().any(|k| has(k));
            !any || has(json)
        })
        .count();
    assert_eq!(with_word, shard.records.iter().filter(|(id, _)| ids.contains(id)).count());
}

#[test]
fn can_carry_the_newest_records_in_facet_files() {
    let briefs = corpus(900);
    let options = Options::new("en");
    let files = index(&briefs, &options);
    let slots = slot_of(&briefs);
    let energy = decode::facet_file(file(&files, "f/topics/energy.bin")).expect("readable");
    let newest: Vec<u32> = energy.briefs[energy.briefs.len() - options.records..].to_vec();
    assert_eq!(energy.records.iter().map(|r| r.0).collect::<Vec<_>>(), newest);
    let r: serde_json::Value = serde_json::from_str(&energy.records[0].1).expect("JSON");
    let b = &briefs[slots.iter().position(|&s| s == newest[0]).expect("a brief")];
    assert_eq!(r[0], b.title.as_str());
    assert_eq!(r[5], b.summary.as_str(), "the summary, shown with no words");
    let all = decode::facet_file(file(&files, "f/all.bin")).expect("readable");
    let mut every = slots.clone();
    every.sort_unstable();
    assert_eq!(all.briefs, every);
    assert_eq!(all.records.len(), options.records);
}

#[test]
fn can_update_an_index_to_the_bytes_of_a_fresh_build() {
    let options = small();
    let mut briefs = corpus(300);
    let terms = |b: &Owned| std::sync::Arc::new(DocTerms::of(&b.doc()));
    let mut docs: Vec<std::sync::Arc<DocTerms>> = briefs.iter().map(terms).collect();
    let mut index = super::Index::default();
    let mut edits = Corpus::new();
    for step in 0..60 {
        let i = edits.next(briefs.len());
        match step % 10 {
            // A new word, a word gone, a longer body.
            0..=2 => briefs[i].body = format!("{} {}", edits.text(3), briefs[i].body),
            3 => briefs[i].body = briefs[i].body.split(' ').skip(5).collect::<Vec<_>>().join(" "),
            4 => briefs[i].body.push_str(&format!(" {}", edits.text(200))),
            5 => briefs[i].title = edits.text(6),
            6 => briefs[i].topic = ["Energy", "Trade", "Health"][edits.next(3)].to_owned(),
            // Renumbering: a brief added, one removed, a date changed.
            7 => briefs.push(edits.brief(1_000 + step)),
            8 => {
                briefs.remove(i);
            }
            _ => briefs[i].date = "2014-06-01".to_owned(),
        }
        docs = briefs
            .iter()
            .map(|b| {
                let fresh = terms(b);
                docs.iter().find(|d| d.key() == fresh.key()).cloned().unwrap_or(fresh)
            })
            .collect();
        // Several edits between some updates.
        if step % 3 == 1 {
            continue;
        }
        let updated: Vec<SearchFile> = index.update(&docs, &options).into_iter().cloned().collect();
        let fresh = index_of(&docs, &options);
        let paths = |files: &[SearchFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&updated), paths(&fresh), "after edit {step}");
        for (a, b) in updated.iter().zip(&fresh) {
            assert!(a.bytes == b.bytes, "after edit {step}: {} differs", a.path);
        }
    }
}

fn index_of(docs: &[std::sync::Arc<DocTerms>], options: &Options) -> Vec<SearchFile> {
    build(&docs.iter().map(|d| &**d).collect::<Vec<_>>(), options)
}

#[test]
fn can_update_an_index_when_a_word_leaves_the_vocabulary() {
    // "regulations" only in brief 7, "regulation" (the same stem) only in brief 3: brief 7
    // losing its word leaves the vocabulary without it, and the stem without brief 7.
    let options = small();
    let mut briefs = corpus(40);
    briefs[3].body = format!("regulation {}", briefs[3].body);
    briefs[7].body = format!("regulations {}", briefs[7].body);
    let docs =
        |briefs: &[Owned]| briefs.iter().map(|b| std::sync::Arc::new(DocTerms::of(&b.doc()))).collect::<Vec<_>>();
    let mut index = super::Index::default();
    index.update(&docs(&briefs), &options);
    briefs[7].body = briefs[7].body.replacen("regulations ", "", 1);
    let after = docs(&briefs);
    let updated: Vec<SearchFile> = index.update(&after, &options).into_iter().cloned().collect();
    let shard = shard_of(&updated, "regulation");
    assert_eq!(shard.postings("regulation").map(|p| p.briefs.len()), Some(1), "brief 7 left the stem");
    assert!(shard.postings("regulations").is_none());
    assert_eq!(updated, index_of(&after, &options));
}
