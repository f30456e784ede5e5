//! HTML as a reader sees it: the text content of tags, not the tags. A tokenizer (html5gum)
//! reads the markup; what it yields becomes the document's own inline events, which the fold
//! applies like markdown's: `<b>` is strong, `<kbd>` and `<code>` are code, `<br>` a line
//! break, `<img alt>` its alternative text like a markdown image, `<a href>` a link, block
//! tags (`<p>`, `<div>`, `<h1>`–`<h6>`, `<summary>`, …) paragraph boundaries. Comments,
//! scripts and styles show nothing; an `id` or `name` (`<a name>`) is a place to link to. Character references are decoded by
//! the tokenizer; the text is cleaned of control characters afterwards like any other.

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// What a piece of HTML asks of the document, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Html {
    /// Text, with the byte (within the HTML given) where it starts.
    Text(String, usize),
    /// An inline style opens or closes (`<b>`, `</b>`), by tag name.
    Open(Inline),
    Close(Inline),
    /// `<a href>` opens a link; `</a>` closes one.
    LinkOpen(String),
    LinkClose,
    /// An image's alternative text (empty when it has none).
    Image(String, usize),
    Break,
    /// A block starts or ends: the text before it is a paragraph of its own.
    BlockBoundary,
    /// `<h1>`–`<h6>` opens a heading of this level, at this byte.
    HeadingOpen(u8, usize),
    HeadingClose,
    /// `<summary>`: a bold line of its own.
    SummaryOpen,
    SummaryClose,
    /// `<hr>`, at this byte.
    Rule(usize),
    /// A tag with an `id` or `name` (`<a name="faq">`, `<h3 id="setup">`): a place a link's
    /// `#anchor` can name, at this byte.
    Anchor(String, usize),
    /// A table's structure (`<table>`, `<tr>`, `<td>`, `<th>` and their ends), at this byte.
    Table(TablePart, usize),
}

/// The parts of an HTML table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TablePart {
    Open,
    Close,
    RowOpen,
    RowClose,
    /// A cell opens; `header` for `<th>`.
    CellOpen {
        header: bool,
    },
    CellClose,
}

/// The table part a tag is (`end` for its end tag).
fn table_part(name: &str, end: bool) -> Option<TablePart> {
    Some(match (name, end) {
        ("table", false) => TablePart::Open,
        ("table", true) => TablePart::Close,
        ("tr", false) => TablePart::RowOpen,
        ("tr", true) => TablePart::RowClose,
        ("td" | "th", false) => TablePart::CellOpen {
            header: name == "th",
        },
        ("td" | "th", true) => TablePart::CellClose,
        _ => return None,
    })
}

/// Inline styles HTML can open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inline {
    Strong,
    Emphasis,
    Strike,
    Code,
    /// Text shown as it is (`<sub>`, `<sup>`, `<span>`, `<u>`, …).
    Plain,
}

/// Reads `html` (a tag, a run of tags, or a whole HTML block) into what it asks for.
pub fn read(html: &str) -> Vec<Html> {
    let mut out = Vec::new();
    let mut tokenizer = Tokenizer::new_with_emitter(html, DefaultEmitter::<usize>::new_with_span());
    // Inside <script>, <style> or <template>: nothing shows.
    let mut hidden = 0usize;
    for token in tokenizer.by_ref() {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let attr = |key: &str| {
                    tag.attributes
                        .get(key.as_bytes())
                        .map(|v| String::from_utf8_lossy(v).into_owned())
                };
                if matches!(name.as_str(), "script" | "style" | "template") {
                    hidden += usize::from(!tag.self_closing);
                    continue;
                }
                if hidden > 0 {
                    continue;
                }
                let at = tag.span.start;
                for key in ["id", "name"] {
                    if let Some(anchor) = attr(key).filter(|a| !a.trim().is_empty()) {
                        out.push(Html::Anchor(anchor, at));
                        break;
                    }
                }
                match name.as_str() {
                    "br" => out.push(Html::Break),
                    "hr" => out.push(Html::Rule(at)),
                    "img" => out.push(Html::Image(attr("alt").unwrap_or_default(), at)),
                    "a" => match attr("href") {
                        Some(href) if !tag.self_closing => out.push(Html::LinkOpen(href)),
                        // `<a name>`/`<a id>` anchors are nothing to read.
                        _ => {}
                    },
                    "summary" => out.push(Html::SummaryOpen),
                    _ => {
                        if let Some(part) = table_part(&name, false) {
                            out.push(Html::Table(part, at));
                        } else if let Some(level) = heading_level(&name) {
                            out.push(Html::HeadingOpen(level, at));
                        } else if is_block(&name) {
                            out.push(Html::BlockBoundary);
                        } else if let Some(style) = inline(&name)
                            && !tag.self_closing
                        {
                            out.push(Html::Open(style));
                        }
                    }
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if matches!(name.as_str(), "script" | "style" | "template") {
                    hidden = hidden.saturating_sub(1);
                    continue;
                }
                if hidden > 0 {
                    continue;
                }
                match name.as_str() {
                    "a" => out.push(Html::LinkClose),
                    "summary" => out.push(Html::SummaryClose),
                    "br" => out.push(Html::Break),
                    _ => {
                        if let Some(part) = table_part(&name, true) {
                            out.push(Html::Table(part, tag.span.start));
                        } else if heading_level(&name).is_some() {
                            out.push(Html::HeadingClose);
                        } else if is_block(&name) {
                            out.push(Html::BlockBoundary);
                        } else if let Some(style) = inline(&name) {
                            out.push(Html::Close(style));
                        }
                    }
                }
            }
            Token::String(text) if hidden == 0 => {
                let at = text.span.start;
                out.push(Html::Text(
                    String::from_utf8_lossy(&text.value).into_owned(),
                    at,
                ));
            }
            // Comments, doctypes, parse errors (the tokenizer recovers), hidden text.
            _ => {}
        }
    }
    out
}

fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

/// Tags that start or end a block of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "center"
            | "details"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "main"
            | "figure"
            | "figcaption"
            | "blockquote"
            | "pre"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "thead"
            | "tbody"
            | "tfoot"
            | "caption"
            | "picture"
            | "address"
    )
}

fn inline(name: &str) -> Option<Inline> {
    Some(match name {
        "b" | "strong" => Inline::Strong,
        "i" | "em" | "cite" | "dfn" | "var" => Inline::Emphasis,
        "s" | "del" | "strike" => Inline::Strike,
        "code" | "kbd" | "samp" | "tt" => Inline::Code,
        "sub" | "sup" | "span" | "u" | "ins" | "mark" | "small" | "abbr" | "font" | "q"
        | "label" | "time" => Inline::Plain,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_what_they_mean() {
        let got = read(
            "<p align=\"center\"><a href=\"https://ci\"><img alt=\"CI\" src=\"x.svg\"></a> <!-- hi --><a name=\"top\"></a><br/>Tom &amp; <kbd>Ctrl</kbd></p>",
        );
        assert_eq!(
            got,
            vec![
                Html::BlockBoundary,
                Html::LinkOpen("https://ci".into()),
                Html::Image("CI".into(), 39),
                Html::LinkClose,
                Html::Text(" ".into(), 69),
                Html::Anchor("top".into(), 81),
                // The anchor's close is read as a link's; the fold ignores one with none open.
                Html::LinkClose,
                Html::Break,
                Html::Text("Tom & ".into(), 104),
                Html::Open(Inline::Code),
                Html::Text("Ctrl".into(), 119),
                Html::Close(Inline::Code),
                Html::BlockBoundary,
            ]
        );
    }

    #[test]
    fn scripts_styles_and_comments_show_nothing() {
        let got = read("<script>alert('x')</script><style>p{}</style><!-- note -->after");
        assert_eq!(got, vec![Html::Text("after".into(), 58)]);
    }

    #[test]
    fn headings_and_summaries() {
        let got = read("<h2>Install</h2><details><summary>More</summary>");
        assert_eq!(
            got,
            vec![
                Html::HeadingOpen(2, 0),
                Html::Text("Install".into(), 4),
                Html::HeadingClose,
                Html::BlockBoundary,
                Html::SummaryOpen,
                Html::Text("More".into(), 34),
                Html::SummaryClose,
            ]
        );
    }
}
