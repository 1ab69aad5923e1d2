//! The templates briefs and pages choose with `template:` in their front-matter: each must
//! be a template of the theme (or of the site), else an error at the `template:` line
//! with the closest name.

use std::path::Path;

use crate::error::Error;
use crate::model::Site;

/// One error per `template:` that names no template of the site.
pub(crate) fn errors(site: &Site) -> Vec<Error> {
    let names: Vec<&str> = site
        .templates
        .iter()
        .map(|t| t.name.as_str())
        .filter(|n| !n.starts_with("shortcodes/") && !n.starts_with("partials/"))
        .collect();
    let chosen = site
        .briefs
        .iter()
        .filter_map(|b| Some((b.path.as_path(), b.template.as_ref()?)))
        .chain(site.pages.iter().filter_map(|p| Some((p.path.as_path(), p.template.as_ref()?))));
    chosen
        .filter(|(_, (name, _))| !names.contains(&name.as_str()))
        .map(|(path, (name, line))| error(path, name, *line, &names))
        .collect()
}

fn error(path: &Path, name: &str, line: usize, names: &[&str]) -> Error {
    let hint = match crate::diagnostics::did_you_mean(name, names.iter().copied()) {
        Some(known) => format!("did you mean `{known}`?"),
        None => format!("add templates/{name} to the site, or choose one of {}", names.join(", ")),
    };
    Error::content(path, line, 1, format!("template `{name}` does not exist")).with_hint(hint)
}
