//! What a single seed line is, read from the line alone: web furniture (navigation, share
//! and "Read more" lines, comment forms, captions and credits, press-release markers) or
//! text, and the shape of a line that could be a section heading.
//!
//! Used by the converter (furniture never becomes a heading) and by `chancery import`
//! (furniture is proposed for `seed_drop`). Every function is pure and looks at one
//! trimmed line; the article around it is the importer's business.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

/// The kind of web furniture a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Furniture {
    /// Skip links, menus, breadcrumbs, `Home | Research | About` bars.
    Navigation,
    /// Share buttons and social network names (`Share this`, `Email`, `LinkedIn`).
    Share,
    /// Links to other pages: `Read more: ...`, `Related: ...`, `Tags: ...`, downloads.
    Related,
    /// Comment forms and their fields, newsletter sign-ups, page feedback prompts.
    Form,
    /// Image captions and credits: `Photo: ...`, `© ...`, comma-separated alt-text lists.
    Caption,
    /// Press-release markers and contacts: `FOR IMMEDIATE RELEASE`, `ENDS`, `Media contact`.
    PressDesk,
    /// Reading times and advertisement labels.
    Label,
}

/// The shape of a line that may head a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingShape {
    /// Ends with `?`, or opens with a question word (`Why water prices are rising`).
    Question,
    /// Numbered: `1. Introduction`, `2.3 Costs`, `IV. Next steps`.
    Numbered,
    /// Every significant word capitalised: `The Case for Regional Grids`, `Background`.
    TitleCase,
    /// A short sentence-case phrase without closing punctuation: `The road ahead`.
    Sentence,
}

/// Whole-line patterns for each kind of furniture (matched case-insensitively).
const PATTERNS: &[(Furniture, &str)] = &[
    (Furniture::Navigation, r"^skip to (the )?(main )?(content|navigation|search|footer|menu)$"),
    (Furniture::Navigation, r"^(main )?(menu|navigation)$|^toggle (navigation|menu)$|^(open|close) menu$"),
    (Furniture::Navigation, r"^(search|home|back to top|go to top|top of page|log ?in|sign in|my account)$"),
    (Furniture::Navigation, r"^(you are here|breadcrumb|in this (section|article)|on this page)\s*:?$"),
    (
        Furniture::Share,
        r"^(share|share this|share (this )?(article|post|page|story)|share on \w+|tweet|e-?mail|print|print this( page| article)?|copy link|link copied)\s*:?$",
    ),
    (Furniture::Share, r"^(click to share|share this article|share via)\b"),
    (
        Furniture::Share,
        r"^((facebook|twitter|x|linkedin|whatsapp|reddit|telegram|bluesky|mastodon|threads|pinterest|e-?mail|print|copy link)[\s,|·]*){2,}$",
    ),
    (Furniture::Share, r"^(facebook|twitter|linkedin|whatsapp|reddit|telegram|bluesky|mastodon|pinterest)$"),
    (
        Furniture::Related,
        r"^(read more|read also|also read|see also|related|related (articles|content|posts|stories|coverage|reading|topics|events|publications)|more from [^.]{1,60}|you (may|might) also like|recommended( for you| reading)?|most (read|popular|viewed)|latest (news|posts|articles)|more (news|stories|articles)|photo gallery|gallery|watch( the)? (recording|video|livestream)|listen( to the)? (podcast|episode)|view( the)? (slides|presentation))\s*(:|»|›|→|>|$)",
    ),
    (Furniture::Related, r"^(tags?|topics?|filed under|categories|category|keywords?|posted in)\s*:"),
    (Furniture::Related, r"^download\b.{0,80}[^.]$|^download$"),
    (
        Furniture::Form,
        r"^(leave a (reply|comment)|post a comment|add a comment|write a comment|comments?( \(\d+\))?|\d+ (comments?|replies|reply|responses?)|cancel reply|post comment|submit( comment)?|reply)$",
    ),
    (Furniture::Form, r"^(name|e-?mail|website|comment|message)\s*\*?$"),
    (
        Furniture::Form,
        r"^(save my name, email,? and website\b|your email address will not be published|required fields are marked|want to join the discussion\?$|feel free to contribute!?$|join the (conversation|discussion)$)",
    ),
    (
        Furniture::Form,
        r"^(subscribe( to\b|$)|sign up (for|to)\b.*\bnewsletter|get (our|the)\b.*\bnewsletter|newsletter$)",
    ),
    (
        Furniture::Form,
        r"^(is this page useful\?|was this (page|article) (useful|helpful)\??|yes|no|report a problem( with this page)?|thank you for your feedback)$",
    ),
    (Furniture::Form, r"recaptcha"),
    (
        Furniture::Caption,
        r"(^|[.!?]\s+|\(|\|\s*|[–—-]\s)(photo|photograph|image|picture|illustration|graphic|chart|figure|graph|map|infographic|credit|photo credit|image credit|cover image|header image|video)( \d+)?( by)?\s*:\s*\S",
    ),
    (Furniture::Caption, r"^(photo|photograph|image|picture|illustration)s? (by|courtesy of)\s"),
    (Furniture::Caption, r"\((photo|image|credit|pictured)\b[^)]*\)$"),
    (Furniture::Caption, r"©|\(c\) \d{4}"),
    (
        Furniture::Caption,
        r"(/|\b(via|by)\s)\s?(getty images|afp|reuters|ap|ap photo|shutterstock|unsplash|istock|alamy|epa|xinhua|wikimedia commons|flickr)\)?$",
    ),
    (Furniture::Caption, r"^source\s*:\s*[^.]{1,100}\.?$"),
    (Furniture::PressDesk, r"^(for immediate release|press release|news release|media release|embargoed\b.*)$"),
    (Furniture::PressDesk, r"^(-*\s*ends\s*-*|#{3}|\*{3}|- ends -)$"),
    (Furniture::PressDesk, r"^(media|press) (contact|enquiries|inquiries|office)s?\b"),
    (Furniture::PressDesk, r"^(tel|phone|telephone|mobile|fax)\.?\s*:?\s*\+?[\d ()-]{6,}$"),
    (Furniture::Label, r"^\d+\s*(-\s*)?(min|mins|minute|minutes)( read)?$|^reading time\s*:"),
    (Furniture::Label, r"^(advertisement|advert|sponsored( content)?|ad)$"),
];

static SET: LazyLock<Option<RegexSet>> =
    LazyLock::new(|| regex::RegexSetBuilder::new(PATTERNS.iter().map(|(_, p)| *p)).case_insensitive(true).build().ok());

/// An e-mail address, for contact lines.
static EMAIL: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"[\w.+-]+@[\w-]+\.[\w.-]+").ok());

/// Words that open a question-style heading even without `?`.
const QUESTION_WORDS: &[&str] = &[
    "what", "why", "how", "who", "whom", "whose", "when", "where", "which", "will", "can", "could", "should", "would",
    "is", "are", "does", "do", "did", "has", "have", "must",
];

/// Short words a title-case line leaves in lower case.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "nor", "but", "for", "to", "in", "on", "at", "by", "with", "from", "as", "vs",
    "via", "into", "over", "per", "than", "up",
];

/// What kind of furniture `line` (trimmed) is, if any.
pub fn furniture(line: &str) -> Option<Furniture> {
    if line.is_empty() {
        return None;
    }
    if let Some(set) = SET.as_ref()
        && let Some(i) = set.matches(line).iter().next()
    {
        return PATTERNS.get(i).map(|(kind, _)| *kind);
    }
    if is_menu_bar(line) {
        return Some(Furniture::Navigation);
    }
    if is_alt_text_list(line) {
        return Some(Furniture::Caption);
    }
    if words(line) <= 12 && EMAIL.as_ref().is_some_and(|r| r.is_match(line)) && !ends_sentence(line) {
        return Some(Furniture::PressDesk);
    }
    None
}

/// `Home | Research | About`, `Home > News > Press releases`, `Analysis / Energy / Grids`:
/// three or more short segments (two when the first is `Home`).
fn is_menu_bar(line: &str) -> bool {
    for sep in [" | ", " > ", " › ", " » ", " / ", " · "] {
        let parts: Vec<&str> = line.split(sep).map(str::trim).collect();
        let home = parts.first().is_some_and(|p| p.eq_ignore_ascii_case("home"));
        if (parts.len() >= 3 || (home && parts.len() >= 2))
            && parts.iter().all(|p| !p.is_empty() && words(p) <= 5 && !ends_sentence(p))
        {
            return true;
        }
    }
    false
}

/// `American Flag, Flag, Electrical Device, Solar Panels`: three or more short
/// comma-separated names and no closing punctuation.
fn is_alt_text_list(line: &str) -> bool {
    let parts: Vec<&str> = line.split(',').map(str::trim).collect();
    parts.len() >= 3
        && !ends_with_punctuation(line)
        && parts.iter().all(|p| !p.is_empty() && words(p) <= 4)
        && parts.iter().filter(|p| p.chars().next().is_some_and(char::is_uppercase)).count() * 2 > parts.len()
}

/// Words that make a line the name of an organisation when it is in title case.
const ORG_WORDS: &[&str] = &[
    "institute",
    "institution",
    "centre",
    "center",
    "ministry",
    "department",
    "forum",
    "review",
    "council",
    "foundation",
    "university",
    "office",
    "agency",
    "commission",
    "bureau",
    "observatory",
    "network",
    "society",
    "association",
    "journal",
    "magazine",
    "times",
    "post",
    "news",
    "blog",
    "hub",
    "lab",
];

/// Auxiliaries that make a following `-ing` word a verb of the sentence, not a caption's.
const AUXILIARIES: &[&str] = &["is", "are", "was", "were", "be", "been", "keeps", "keep", "not", "still", "now"];

/// A masthead: a short title-case line naming an organisation (`Ocean Policy Institute`,
/// `Ministry of Water Resources`, `The Harbour Review`).
pub fn is_masthead(line: &str) -> bool {
    words(line) <= 6
        && !ends_with_punctuation(line)
        && is_title_case(line)
        && line
            .split_whitespace()
            .any(|w| ORG_WORDS.contains(&w.to_lowercase().trim_matches(|c: char| !c.is_alphabetic())))
}

/// A photo description: a subject and a participle with no auxiliary between them, no
/// closing punctuation (`Hands typing on a laptop keyboard`, `Farmers irrigating fields`).
pub fn is_scene_caption(line: &str) -> bool {
    let ws: Vec<String> = line.split_whitespace().map(|w| w.to_lowercase()).collect();
    if ws.len() < 3 || ws.len() > 16 || ends_with_punctuation(line) || line.ends_with('?') {
        return false;
    }
    if QUESTION_WORDS.contains(&ws[0].as_str()) {
        return false;
    }
    (1..=2.min(ws.len() - 1)).any(|i| {
        let w = ws[i].trim_matches(|c: char| !c.is_alphabetic());
        w.len() > 5
            && w.ends_with("ing")
            && !NOT_PARTICIPLES.contains(&w)
            && !ws[..i].iter().any(|p| AUXILIARIES.contains(&p.as_str()))
    })
}

/// `-ing` words that are no participles.
const NOT_PARTICIPLES: &[&str] = &[
    "building",
    "buildings",
    "during",
    "morning",
    "evening",
    "spring",
    "string",
    "thing",
    "nothing",
    "something",
    "everything",
    "anything",
    "funding",
    "training",
    "meeting",
    "housing",
    "planning",
    "spending",
    "ceiling",
    "offering",
    "opening",
    "hearing",
    "briefing",
    "reading",
    "finding",
    "ruling",
    "shipping",
    "banking",
    "lending",
    "policing",
    "farming",
    "fishing",
    "mining",
    "warning",
    "pricing",
    "trading",
    "bidding",
    "rating",
];

/// The heading shape of `line`, if it has one: at most `max_chars` characters (questions
/// twice that), starting with a capital (or a section number), no closing punctuation
/// except `?`.
pub fn heading_shape(line: &str, max_chars: usize) -> Option<HeadingShape> {
    let chars = line.chars().count();
    let last = line.chars().last()?;
    let (numbered, rest) = match strip_section_number(line) {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    if !rest.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    if last == '?' {
        return (chars <= max_chars * 2).then_some(HeadingShape::Question);
    }
    if chars > max_chars || ends_with_punctuation(line) {
        return None;
    }
    let first = rest.split_whitespace().next().unwrap_or_default().to_lowercase();
    Some(if numbered {
        HeadingShape::Numbered
    } else if QUESTION_WORDS.contains(&first.as_str()) && words(rest) >= 3 {
        HeadingShape::Question
    } else if is_title_case(rest) {
        HeadingShape::TitleCase
    } else {
        HeadingShape::Sentence
    })
}

/// `1. `, `2.3 `, `IV. ` at the start: the rest of the line.
fn strip_section_number(line: &str) -> Option<&str> {
    let (head, rest) = line.split_once(' ')?;
    let digits = head.trim_end_matches('.');
    let arabic =
        !digits.is_empty() && digits.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    let roman = head.ends_with('.') && !digits.is_empty() && digits.chars().all(|c| "IVX".contains(c));
    (arabic || roman).then(|| rest.trim_start())
}

/// Whether every word but the small ones starts with a capital or a digit.
fn is_title_case(line: &str) -> bool {
    line.split_whitespace().enumerate().all(|(i, w)| {
        let first = w.chars().find(|c| c.is_alphanumeric());
        first.is_none_or(|c| c.is_uppercase() || c.is_ascii_digit())
            || (i > 0 && SMALL_WORDS.contains(&w.to_lowercase().as_str()))
    })
}

/// Whether `line` ends with punctuation that closes a sentence or a clause.
pub fn ends_with_punctuation(line: &str) -> bool {
    line.chars()
        .last()
        .is_some_and(|c| matches!(c, '.' | '!' | ':' | ';' | ',' | '…' | '"' | '”' | '’' | '\'' | ')' | ']'))
}

/// Whether `line` ends like a sentence (`.`, `!`, `?`, `…` or a closing quote).
pub fn ends_sentence(line: &str) -> bool {
    line.chars().last().is_some_and(|c| matches!(c, '.' | '!' | '?' | '…' | '"' | '”'))
}

/// The number of words of `line`.
pub fn words(line: &str) -> usize {
    line.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_tell_navigation_share_and_related_lines() {
        for (line, kind) in [
            ("Skip to main content", Furniture::Navigation),
            ("Home | Research | Publications | About us", Furniture::Navigation),
            ("Home > News > Press releases", Furniture::Navigation),
            ("Email", Furniture::Share),
            ("Share this article", Furniture::Share),
            ("Facebook Twitter LinkedIn Email", Furniture::Share),
            ("Read more: Egypt's irrigation reform explained", Furniture::Related),
            ("Tags: energy, grids, West Africa", Furniture::Related),
            ("Download the full report (PDF, 2.4 MB)", Furniture::Related),
            ("Leave a Reply", Furniture::Form),
            ("Save my name, email, and website in this browser for the next time I comment.", Furniture::Form),
            ("Is this page useful?", Furniture::Form),
            ("FOR IMMEDIATE RELEASE", Furniture::PressDesk),
            ("Media enquiries: press@example.gov", Furniture::PressDesk),
            ("5 min read", Furniture::Label),
        ] {
            assert_eq!(furniture(line), Some(kind), "{line}");
        }
    }

    #[test]
    fn can_tell_captions_and_credits() {
        for line in [
            "Farmers irrigating fields near Aswan, Egypt. Photo: Reuters",
            "American Flag, Flag, Electrical Device, Solar Panels",
            "Ministers arrive for the summit (Photo: Council of the EU)",
            "© European Union 2024",
            "A container ship leaves the port of Rotterdam. Image by Lena Vos/Getty Images",
            "Source: World Bank (2024)",
        ] {
            assert_eq!(furniture(line), Some(Furniture::Caption), "{line}");
        }
    }

    #[test]
    fn can_leave_article_text_alone() {
        for line in [
            "Why water prices are rising",
            "The Case for Regional Grids",
            "Read the strategy in full before the vote, the minister urged.",
            "Email remains the main channel for consular requests, the report found.",
            "Home is where most of the new demand will come from.",
            "By 2030, the country will need twice as many engineers.",
            "Reuters reported the figures on Monday, citing two officials.",
            "The plan covers water, energy, transport and housing.",
            "Notes to editors",
            "No country can do this alone.",
        ] {
            assert_eq!(furniture(line), None, "{line}");
        }
    }

    #[test]
    fn can_tell_mastheads_and_scene_captions() {
        assert!(is_masthead("Ocean Policy Institute"));
        assert!(is_masthead("Ministry of Water Resources"));
        assert!(!is_masthead("Regional Grids Can Keep the Lights On"));
        assert!(is_scene_caption("Hands typing on a laptop keyboard in a dim office"));
        assert!(is_scene_caption("Farmers irrigating fields near Aswan"));
        assert!(!is_scene_caption("The US is pursuing holistic digital diplomacy"));
        assert!(!is_scene_caption("Why small states are betting on cyber capacity building"));
        assert!(!is_scene_caption("Seabed mining talks stall again in Kingston"));
        assert!(!is_scene_caption("Rethinking the grid"));
    }

    #[test]
    fn can_read_heading_shapes() {
        assert_eq!(heading_shape("How will the new bureau operate?", 80), Some(HeadingShape::Question));
        assert_eq!(heading_shape("Why water prices are rising", 80), Some(HeadingShape::Question));
        assert_eq!(heading_shape("1. Introduction", 80), Some(HeadingShape::Numbered));
        assert_eq!(heading_shape("IV. The way forward", 80), Some(HeadingShape::Numbered));
        assert_eq!(heading_shape("Lessons From West Africa", 80), Some(HeadingShape::TitleCase));
        assert_eq!(heading_shape("Background", 80), Some(HeadingShape::TitleCase));
        assert_eq!(heading_shape("The road ahead", 80), Some(HeadingShape::Sentence));
        assert_eq!(heading_shape("The four areas:", 80), None);
        assert_eq!(heading_shape("1. Not a list, and # not a heading.", 80), None);
        assert_eq!(heading_shape("lower case start", 80), None);
    }
}
