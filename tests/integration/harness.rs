//! A chainable test harness: copy a site into a temporary folder, run the real binary on
//! it, then look at exit code, stderr and the files it wrote.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::rc::Rc;

use scraper::{Html, Selector};

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site in a temporary folder.
pub struct SiteTest {
    dir: Rc<tempfile::TempDir>,
}

/// The result of one `chancery` run.
pub struct Run {
    pub output: Output,
    pub root: PathBuf,
    /// Keeps the site's folder alive as long as the run is looked at.
    _dir: Rc<tempfile::TempDir>,
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for entry in fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>`: no themes folder, so it uses the built-in theme.
    pub fn fixture(name: &str) -> SiteTest {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_dir(&repo_root().join("tests/fixtures").join(name), dir.path());
        SiteTest { dir: Rc::new(dir) }
    }

    /// [`SiteTest::fixture`] with a copy of the repository's `themes/` in the site, as a
    /// site that ejected its theme has.
    pub fn fixture_with_themes(name: &str) -> SiteTest {
        let site = SiteTest::fixture(name);
        copy_dir(&repo_root().join("themes"), &site.root().join("themes"));
        site
    }

    /// A copy of the repository's own site.
    pub fn repo() -> SiteTest {
        let dir = tempfile::tempdir().expect("tempdir");
        for part in ["content", "seeds", "themes"] {
            copy_dir(&repo_root().join(part), &dir.path().join(part));
        }
        fs::copy(repo_root().join("site.yaml"), dir.path().join("site.yaml")).expect("copy site.yaml");
        SiteTest { dir: Rc::new(dir) }
    }

    /// The site with `pdf: { enabled: false }` in its `site.yaml`: generated sites of many
    /// briefs that test something else need not typeset a PDF of each.
    pub fn without_pdfs(self) -> SiteTest {
        let config = fs::read_to_string(self.root().join("site.yaml")).expect("site.yaml");
        self.write("site.yaml", format!("{config}\npdf: {{ enabled: false }}\n"))
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes (or replaces) a file of the site.
    pub fn write(self, rel: &str, text: impl AsRef<[u8]>) -> SiteTest {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
        self
    }

    /// Runs `chancery <args> --root <site>`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Runs `chancery <args> --root <site>` with extra environment variables.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_chancery"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("CHANCERY_LOG", "info")
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .output()
            .expect("run chancery");
        Run { output, root: self.root().to_path_buf(), _dir: Rc::clone(&self.dir) }
    }

    /// A `chancery <args> --root <site>` command, to add environment before running it.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_chancery"));
        cmd.args(args).arg("--root").arg(self.root()).env("CHANCERY_LOG", "info").env("NO_COLOR", "1");
        cmd
    }

    /// Runs `chancery build` with extra flags.
    pub fn build_with(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// Runs `chancery build`.
    pub fn build(&self) -> Run {
        self.build_with(&[])
    }
}

impl Run {
    /// The site this run was made in, to run again.
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub fn site(&self) -> SiteTest {
        SiteTest { dir: self._dir.clone() }
    }

    /// Asserts success and returns self.
    pub fn success(self) -> Run {
        assert!(self.output.status.success(), "build failed:\n{}", self.stderr());
        self
    }

    /// Asserts failure and returns self.
    pub fn failure(self) -> Run {
        assert!(!self.output.status.success(), "build unexpectedly succeeded:\n{}", self.stderr());
        assert_eq!(self.output.status.code(), Some(1), "exit code");
        assert!(!self.stderr().contains("panicked"), "panic:\n{}", self.stderr());
        self
    }

    /// What the run printed on stderr.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Asserts stderr contains `text`.
    pub fn stderr_has(self, text: &str) -> Run {
        let err = self.stderr();
        assert!(err.contains(text), "stderr lacks {text:?}:\n{err}");
        self
    }

    /// The text of a file in `public/`.
    pub fn file(&self, rel: &str) -> String {
        let path = self.root.join("public").join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The bytes of a file in `public/`.
    pub fn bytes(&self, rel: &str) -> Vec<u8> {
        let path = self.root.join("public").join(rel);
        fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Whether `public/<rel>` exists.
    pub fn exists(&self, rel: &str) -> bool {
        self.root.join("public").join(rel).exists()
    }

    /// The parsed HTML of `public/<rel>`.
    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.file(rel))
    }

    /// The visible text of the `<main>` of `public/<rel>`, whitespace collapsed.
    pub fn main_text(&self, rel: &str) -> String {
        let doc = self.html(rel);
        let main = doc.select(&sel("main")).next().unwrap_or_else(|| panic!("{rel} has no <main>"));
        collapse(&main.text().collect::<String>())
    }

    /// Texts of the elements matching `css` in `public/<rel>`.
    pub fn texts(&self, rel: &str, css: &str) -> Vec<String> {
        self.html(rel).select(&sel(css)).map(|e| collapse(&e.text().collect::<String>())).collect()
    }

    /// Every file of `public/` with its bytes, sorted.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        walk(&self.root.join("public"), &self.root.join("public"), &mut out);
        out.sort();
        out
    }
}

fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            walk(base, &path, out);
        } else {
            let rel = path.strip_prefix(base).expect("prefix").to_string_lossy().into_owned();
            out.push((rel, fs::read(&path).expect("read")));
        }
    }
}

/// A CSS selector.
pub fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("valid selector")
}

/// Whitespace runs to one space, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The BibTeX, RIS and CSL-JSON records of the brief `slug` of the site at `root`, as
/// Chancery's Rust writers make them (the page's `cite.js` makes the same from its record).
pub fn cite_records(root: &Path, slug: &str) -> chancery::render::cite::Records {
    let options = chancery::BuildOptions::new(root);
    let config = chancery::config::Config::load(root).expect("config");
    let content = chancery::content::load(root, &config).expect("load");
    let site = chancery::model::Site::build(content, &config, &options.selection()).expect("model");
    let brief = site.briefs.iter().find(|b| b.slug == slug).expect("the brief");
    chancery::render::cite::records(&site, brief)
}

/// The record "Cite this brief" carries on the page `page` (its `cite.js` makes BibTeX, RIS
/// and CSL-JSON from it).
pub fn cite_record(html: &str) -> serde_json::Value {
    let json = html.split("data-cite-record>").nth(1).and_then(|s| s.split("</script>").next()).expect("a record");
    serde_json::from_str(json).expect("record JSON")
}
