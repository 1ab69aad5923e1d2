//! Fuzz target: any text as a seed, converted with the default rules and rendered as
//! markdown. Must never panic; every `@/` link is absent so rendering must succeed.
#![no_main]

use libfuzzer_sys::fuzz_target;

use chancery::config::SeedRules;
use chancery::content::seed::{SeedFilter, SeedOptions, convert};
use chancery::model::links::Links;
use chancery::model::permalink::Permalinks;
use chancery::render::markdown::{LinkContext, render_markdown};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(filter) = SeedFilter::new(&SeedRules::default()) else { return };
    let drop = [String::from("Caption")];
    let converted = convert(text, &filter, SeedOptions { title: Some("Title"), drop: &drop });
    let links = Links::default();
    let permalinks = Permalinks::new("https://example.org/", "/");
    let rendered = render_markdown(&converted.markdown, LinkContext { links: &links, permalinks: &permalinks, base: "briefs/" });
    assert!(rendered.is_ok(), "seed text produced an @/ link");
});
