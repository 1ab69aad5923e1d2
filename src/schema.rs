//! JSON Schemas for brief and page front-matter and `site.yaml`, generated from the Rust types with
//! schemars, for editors (the YAML language server) and CI validation.
//!
//! Guarantees: the schemas follow the types the build deserializes, so a file the schema
//! rejects is one the build rejects; the brief schema names the site's taxonomies.

use serde_json::{Value, json};

use crate::config::Config;
use crate::content::front_matter::{BriefFrontMatter, PageFrontMatter};

/// The schema of a brief's front-matter; `taxonomies` are the names the site declares
/// (each a list of names, or one name), and no other key is allowed.
pub fn brief_schema(taxonomies: &[&str]) -> Value {
    let mut schema = schemars::schema_for!(BriefFrontMatter).to_value();
    if let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        for name in taxonomies {
            props.insert(
                (*name).to_owned(),
                json!({
                    "description": format!("Terms of the `{name}` taxonomy declared in site.yaml."),
                    "anyOf": [
                        { "type": "array", "items": { "type": "string" } },
                        { "type": "string" },
                        { "type": "null" }
                    ]
                }),
            );
        }
    }
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("additionalProperties".to_owned(), Value::Bool(false));
        obj.insert("title".to_owned(), json!("Chancery brief front-matter"));
    }
    schema
}

/// The schema of a standalone page's front-matter (`content/pages/*.md`).
pub fn page_schema() -> Value {
    let mut schema = schemars::schema_for!(PageFrontMatter).to_value();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("title".to_owned(), json!("Chancery page front-matter"));
    }
    schema
}

/// The schema of `site.yaml`. A navigation item needs a `url` or a `page` (the build
/// also refuses both at once).
pub fn site_schema() -> Value {
    let mut schema = schemars::schema_for!(Config).to_value();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("title".to_owned(), json!("Chancery site.yaml"));
    }
    if let Some(item) = schema.pointer_mut("/$defs/NavItem").and_then(Value::as_object_mut) {
        item.insert("oneOf".to_owned(), json!([{ "required": ["url"] }, { "required": ["page"] }]));
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_describe_brief_keys_and_taxonomies() {
        let s = brief_schema(&["topics"]);
        let props = s["properties"].as_object().expect("properties");
        for key in ["title", "date", "summary", "seed_drop", "events", "topics"] {
            assert!(props.contains_key(key), "{key}");
        }
        assert_eq!(s["additionalProperties"], Value::Bool(false));
        let required: Vec<&str> =
            s["required"].as_array().expect("required").iter().filter_map(Value::as_str).collect();
        assert_eq!(required, vec!["title", "date", "summary"]);
    }

    #[test]
    fn can_list_the_brief_keys_the_front_matter_struct_has() {
        // `BRIEF_KEYS` (which taxonomy names may not take) must follow `BriefFrontMatter`.
        let s = brief_schema(&[]);
        let mut from_struct: Vec<&str> =
            s["properties"].as_object().expect("properties").keys().map(String::as_str).collect();
        let mut listed = crate::content::front_matter::BRIEF_KEYS.to_vec();
        from_struct.sort_unstable();
        listed.sort_unstable();
        assert_eq!(listed, from_struct);
    }

    #[test]
    fn can_describe_page_keys() {
        let s = page_schema();
        let props = s["properties"].as_object().expect("properties");
        let mut keys: Vec<&str> = props.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            vec!["aliases", "description", "draft", "extra", "nav", "slug", "template", "title", "weight"]
        );
        assert_eq!(s["additionalProperties"], Value::Bool(false));
    }

    #[test]
    fn can_describe_site_yaml() {
        let s = site_schema();
        assert_eq!(s["additionalProperties"], Value::Bool(false));
        assert!(s["properties"]["base_url"].is_object());
    }
}
