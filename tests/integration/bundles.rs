//! Page bundles and figures: a brief written as `<folder>/index.md` publishes the files
//! beside it under its URL folder; relative and root-relative links and images resolve (a
//! missing file an error at its place); an image alone in its paragraph becomes a numbered
//! figure with its size and, for raster images, a `srcset` of resized copies cached by
//! content hash across builds.

use std::path::Path;

use crate::harness::{SiteTest, sel};

const HEAD: &str = "---\ntitle: Water\ndate: 2024-01-02\nsummary: S.\nkey_points: [One.]\n---\n";

/// The brief's body: line 7 is the first after the front-matter.
const BODY: &str = "Intro.\n\n\
![Abstraction by sector](chart.png \"Water abstraction by sector, 2023\")\n\n\
An inline ![icon](icon.svg) image and [the data](data.csv), a raster ![dot](dot.png \"A dot\") too.\n\n\
![Rainfall map](map.jpg)\n\n\
![Diagram of the process](/figures/flow.svg)\n\n\
See [the timeline](/timeline/), [Figure 1](#figure-1) and [levels](data/levels.csv).\n";

/// A PNG or JPEG (by `path`'s extension) of `width` × `height` pixels, with a gradient.
fn image(width: u32, height: u32, path: &Path) {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    img.save(path).expect("save image");
}

fn bundle_site() -> SiteTest {
    let site = SiteTest::fixture("basic")
        .write("content/briefs/2024/water/index.md", format!("{HEAD}{BODY}"))
        .write("content/briefs/2024/water/data.csv", "sector,share\nfarming,40\n")
        .write("content/briefs/2024/water/data/levels.csv", "region,level\nnorth,3\n")
        .write(
            "content/briefs/2024/water/icon.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"24\" height=\"16\"><rect width=\"24\" height=\"16\"/></svg>",
        )
        .write(
            "static/figures/flow.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 360\"><rect width=\"640\" height=\"360\"/></svg>",
        );
    image(2000, 1000, &site.root().join("content/briefs/2024/water/chart.png"));
    image(700, 400, &site.root().join("content/briefs/2024/water/map.jpg"));
    image(30, 20, &site.root().join("content/briefs/2024/water/dot.png"));
    site
}

fn dimensions(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn can_publish_a_bundle_with_numbered_sized_figures() {
    let site = bundle_site();
    let run = site.build().success();
    assert!(!run.stderr().contains("not used"), "{}", run.stderr());
    let page = "briefs/water/index.html";
    let doc = run.html(page);
    let figures: Vec<_> = doc.select(&sel("main figure")).collect();
    let ids: Vec<_> = figures.iter().map(|f| f.value().attr("id").unwrap_or_default()).collect();
    assert_eq!(ids, ["figure-1", "figure-2", "figure-3"]);
    let captions = run.texts(page, "main figure > figcaption");
    assert_eq!(
        captions,
        ["Figure 1: Water abstraction by sector, 2023", "Figure 2: Rainfall map", "Figure 3: Diagram of the process"]
    );
    let imgs: Vec<_> = doc.select(&sel("main figure > img")).map(|e| e.value().clone()).collect();
    let base = "/policy/briefs/";
    assert_eq!(imgs[0].attr("src"), Some(&*format!("{base}briefs/water/chart.png")));
    assert_eq!((imgs[0].attr("width"), imgs[0].attr("height")), (Some("2000"), Some("1000")));
    assert_eq!(
        imgs[0].attr("srcset"),
        Some(&*format!(
            "{base}briefs/water/chart-480w.png 480w, {base}briefs/water/chart-960w.png 960w, \
             {base}briefs/water/chart-1600w.png 1600w, {base}briefs/water/chart.png 2000w"
        ))
    );
    assert!(imgs[0].attr("sizes").is_some());
    assert_eq!(
        imgs[1].attr("srcset"),
        Some(&*format!("{base}briefs/water/map-480w.jpg 480w, {base}briefs/water/map.jpg 700w"))
    );
    // SVG: no copies, its size read from the file (the viewBox here), under the base path.
    assert_eq!(imgs[2].attr("src"), Some(&*format!("{base}figures/flow.svg")));
    assert_eq!(
        (imgs[2].attr("width"), imgs[2].attr("height"), imgs[2].attr("srcset")),
        (Some("640"), Some("360"), None)
    );
    // An image inside a sentence stays inline; links resolve into the bundle and the site.
    let html = run.file(page);
    // With its intrinsic size (SVG and raster alike), so the line does not move as it loads.
    let inline = |src: &str| {
        let sel = sel(&format!("main p > img[src=\"{base}briefs/water/{src}\"]"));
        let img = doc.select(&sel).next().map(|e| e.value().clone()).unwrap_or_else(|| panic!("{src}: {html}"));
        (
            img.attr("alt").map(str::to_owned),
            img.attr("width").map(str::to_owned),
            img.attr("height").map(str::to_owned),
        )
    };
    let some = |s: &str| Some(s.to_owned());
    assert_eq!(inline("icon.svg"), (some("icon"), some("24"), some("16")));
    assert_eq!(inline("dot.png"), (some("dot"), some("30"), some("20")));
    assert!(html.contains("alt=\"dot\" width=\"30\" height=\"20\" title=\"A dot\">"), "{html}");
    assert!(html.contains(&format!("<a href=\"{base}briefs/water/data.csv\">the data</a>")), "{html}");
    assert!(html.contains(&format!("<a href=\"{base}timeline/\">the timeline</a>")), "{html}");
    // The bundle's files and the resized copies are published, at the sizes the page says.
    assert_eq!(run.file("briefs/water/data.csv"), "sector,share\nfarming,40\n");
    // A file in a folder of the bundle keeps its folder.
    assert!(html.contains(&format!("<a href=\"{base}briefs/water/data/levels.csv\">levels</a>")), "{html}");
    assert_eq!(run.file("briefs/water/data/levels.csv"), "region,level\nnorth,3\n");
    assert!(run.exists("briefs/water/icon.svg") && run.exists("figures/flow.svg"));
    let public = run.root.join("public/briefs/water");
    assert_eq!(dimensions(&public.join("chart.png")), (2000, 1000));
    for (file, size) in [
        ("chart-480w.png", (480, 240)),
        ("chart-960w.png", (960, 480)),
        ("chart-1600w.png", (1600, 800)),
        ("map-480w.jpg", (480, 274)),
    ] {
        assert_eq!(dimensions(&public.join(file)), size, "{file}");
    }
    assert!(!run.exists("briefs/water/map-960w.jpg"), "no copy wider than the image");
    crate::determinism::assert_same_as_in_memory(&run.root, run.snapshot());
}

/// The cache files with their modification times, sorted.
fn cache_files(root: &Path) -> Vec<(String, std::time::SystemTime)> {
    let mut files: Vec<_> = std::fs::read_dir(root.join(".chancery-cache/images"))
        .expect("cache folder")
        .map(|e| {
            let e = e.expect("entry");
            (e.file_name().to_string_lossy().into_owned(), e.metadata().expect("meta").modified().expect("mtime"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn can_reuse_resized_copies_across_builds_and_make_them_again_once_deleted() {
    let site = bundle_site();
    let first = site.build().success().snapshot();
    let cached = cache_files(site.root());
    assert_eq!(cached.len(), 4, "{cached:?}");
    let second = site.build().success().snapshot();
    assert_eq!(cache_files(site.root()), cached, "the copies are made again");
    assert_eq!(first, second);
    std::fs::remove_dir_all(site.root().join(".chancery-cache")).expect("delete the cache");
    assert_eq!(site.build().success().snapshot(), first, "a deleted cache gives the same bytes");
}

#[test]
fn errors_on_missing_bundle_files_and_root_relative_paths_at_their_place() {
    let body = "Intro.\n\n![Chart](chart.png)\n\nSee [data](data.csv), ![x](/figures/none.svg) and [t](/nowhere/).\n";
    let site = SiteTest::fixture("basic").write("content/briefs/2024/water/index.md", format!("{HEAD}{body}"));
    site.run(&["check"])
        .failure()
        .stderr_has("content/briefs/2024/water/index.md:9:1: error: internal link `chart.png` points to no file: expected content/briefs/2024/water/chart.png")
        .stderr_has("content/briefs/2024/water/index.md:11:5: error: internal link `data.csv` points to no file")
        .stderr_has("content/briefs/2024/water/index.md:11:23: error: link `/figures/none.svg` points to no file of the site")
        .stderr_has("content/briefs/2024/water/index.md:11:51: error: link `/nowhere/` points to no file of the site");
    site.build().failure().stderr_has("index.md:11:23: error: link `/figures/none.svg`");
}

#[test]
fn warns_on_images_without_alt_text_and_fails_strict() {
    let site = SiteTest::fixture("basic")
        .write("content/briefs/2024/water/index.md", format!("{HEAD}Intro.\n\n![](chart.png)\n"));
    image(40, 20, &site.root().join("content/briefs/2024/water/chart.png"));
    let run =
        site.build().success().stderr_has("content/briefs/2024/water/index.md:9:1: warning: image without alt text");
    assert_eq!(run.texts("briefs/water/index.html", "main figure > figcaption"), ["Figure 1"]);
    site.run(&["check", "--strict"]).failure().stderr_has("image without alt text");
}

#[test]
fn can_leave_out_a_draft_bundle_with_its_files() {
    let draft = HEAD.replace("key_points: [One.]\n", "key_points: [One.]\ndraft: true\n");
    let site = SiteTest::fixture("basic")
        .write("content/briefs/2024/water/index.md", format!("{draft}Intro.\n"))
        .write("content/briefs/2024/water/data.csv", "a\n");
    let run = site.build().success();
    assert!(!run.exists("briefs/water/data.csv") && !run.exists("briefs/water/index.html"));
    assert!(site.build_with(&["--drafts"]).success().exists("briefs/water/data.csv"));
}
