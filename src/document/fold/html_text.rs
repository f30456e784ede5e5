//! The fold's HTML: raw HTML blocks collected and read as text when they end, and inline
//! tags applied as the styles, links, images and breaks they stand for (what each tag means
//! is [`crate::document::html`]'s to say).

use super::super::html::{self, Html, TablePart};
use super::{Builder, Frame, InlineKind};
use crate::document::{Block, BlockKind, TextStyle};

/// The raw text of an HTML block, with where each piece of it is in the source.
#[derive(Default)]
pub(super) struct HtmlBlock {
    pub(super) raw: String,
    /// (position in `raw`, source offset) at the start of each piece.
    pub(super) map: Vec<(usize, usize)>,
}

impl HtmlBlock {
    fn source_at(&self, pos: usize) -> usize {
        let i = self
            .map
            .partition_point(|&(p, _)| p <= pos)
            .saturating_sub(1);
        self.map
            .get(i)
            .map_or(0, |&(p, src)| src + pos.saturating_sub(p))
    }
}

impl Builder {
    /// Reads the HTML block collected so far as text: its paragraphs, headings and rules.
    pub(super) fn close_html(&mut self) {
        let Some(block) = self.html.take() else {
            return;
        };
        self.close_inline();
        let items = html::read(&block.raw);
        // A table whose every `<table>` ends in this block is drawn as a table; one cut by a
        // blank line (markdown between its cells) is read as text, a cell a paragraph.
        let count = |p: TablePart| {
            items
                .iter()
                .filter(|i| matches!(i, Html::Table(q, _) if *q == p))
                .count()
        };
        let whole = count(TablePart::Open) > 0 && count(TablePart::Open) == count(TablePart::Close);
        let depth = self.stack.len();
        let mut nested = 0usize;
        for item in items {
            match item {
                Html::Table(part, at) if whole => {
                    self.html_table(part, block.source_at(at), &mut nested);
                }
                other => self.html_item(other, |at| block.source_at(at), true),
            }
        }
        self.close_inline();
        // (A table left open ends with its block.)
        while self.stack.len() > depth {
            self.pop_frame();
        }
        // A link or style the block opened and never closed ends with it.
        for _ in 0..std::mem::take(&mut self.html_links) {
            self.links.pop();
            self.style.pop();
        }
        for _ in self.html_styles.drain(..) {
            self.style.pop();
        }
    }

    /// Applies one thing HTML asks for; `in_block` when it comes from an HTML block (whose
    /// block tags end paragraphs), not from inline HTML inside a paragraph.
    pub(super) fn html_item(
        &mut self,
        item: Html,
        source: impl Fn(usize) -> usize,
        in_block: bool,
    ) {
        let here = |this: &Self| {
            this.inline
                .as_ref()
                .and_then(|i| i.runs.last())
                .map_or(0, |r| r.offset)
        };
        // Inside a table's cell a block tag (`<p>`, `<h3>`, `<hr>`) only starts a new line:
        // the cell goes on.
        let in_cell = in_block
            && self
                .inline
                .as_ref()
                .is_some_and(|i| matches!(i.kind, InlineKind::Cell));
        if in_cell
            && matches!(
                item,
                Html::BlockBoundary | Html::HeadingOpen(..) | Html::HeadingClose | Html::Rule(_)
            )
        {
            if self.inline.as_ref().is_some_and(|i| !i.runs.is_empty()) {
                let at = here(self);
                self.push_break(at);
            }
            return;
        }
        // Text between a table's cells is a cell of its own, never lost.
        if in_block
            && matches!(&item, Html::Text(t, _) if !t.trim().is_empty())
            && self.inline.is_none()
            && let Some((Frame::Table { rows, .. }, _)) = self.stack.last_mut()
        {
            if rows.is_empty() {
                rows.push(Vec::new());
            }
            let at = match &item {
                Html::Text(_, at) => source(*at),
                _ => 0,
            };
            self.open_inline(InlineKind::Cell, at);
        }
        match item {
            Html::Text(text, at) => {
                // HTML collapses white space.
                let collapsed: String = collapse(&text);
                // …across tags too: no space after a space, none to start a paragraph.
                let after_space = self.inline.as_ref().is_none_or(|i| {
                    i.runs
                        .last()
                        .is_none_or(|r| r.text.ends_with(' ') || r.is_break())
                });
                let collapsed = if after_space {
                    collapsed.trim_start()
                } else {
                    &collapsed
                };
                if collapsed.is_empty() {
                    return;
                }
                self.push_text(collapsed, source(at), TextStyle::PLAIN);
            }
            Html::Open(style) => {
                let style = inline_style(style);
                self.style.push(style);
                self.html_styles.push(style);
            }
            Html::Close(style) => {
                if self.html_styles.last() == Some(&inline_style(style)) {
                    self.html_styles.pop();
                    self.style.pop();
                }
            }
            Html::LinkOpen(href) => {
                let at = self.inline.as_ref().map_or(0, |i| i.runs.len());
                self.links.push((href, at));
                self.style.push(TextStyle::LINK);
                self.html_links += 1;
            }
            Html::LinkClose => {
                if self.html_links > 0 {
                    self.html_links -= 1;
                    self.end_link(false);
                }
            }
            Html::Image(alt, at) => self.push_image_text(&alt, source(at)),
            Html::Break => {
                let at = here(self);
                self.push_break(at);
            }
            Html::BlockBoundary if in_block => self.close_inline(),
            Html::HeadingOpen(level, at) if in_block => {
                self.open_inline(InlineKind::Heading(level), source(at));
            }
            Html::HeadingClose if in_block => self.close_inline(),
            Html::SummaryOpen => {
                if in_block {
                    self.close_inline();
                }
                self.style.push(TextStyle::STRONG);
                self.html_styles.push(TextStyle::STRONG);
            }
            Html::SummaryClose => {
                if self.html_styles.last() == Some(&TextStyle::STRONG) {
                    self.html_styles.pop();
                    self.style.pop();
                }
                if in_block {
                    self.close_inline();
                }
            }
            Html::Rule(at) if in_block => {
                self.close_inline();
                let offset = source(at);
                self.push_block(Block {
                    offset,
                    kind: BlockKind::Rule,
                });
            }
            Html::Anchor(name, at) => {
                let offset = source(at);
                self.anchors.push((name, offset));
            }
            Html::Table(..) if in_block => self.close_inline(),
            // Block tags inside a paragraph: the paragraph goes on.
            Html::BlockBoundary
            | Html::HeadingOpen(..)
            | Html::HeadingClose
            | Html::Rule(_)
            | Html::Table(..) => {}
        }
    }

    /// Builds a table from an HTML block's `<table>`, as a markdown table is built: each
    /// `<tr>` a row, each `<td>` or `<th>` a cell, a first row of `<th>` its head. A table
    /// inside a cell is read as the cell's text (`nested` counts how deep).
    fn html_table(&mut self, part: TablePart, offset: usize, nested: &mut usize) {
        let in_table = matches!(self.stack.last(), Some((Frame::Table { .. }, _)));
        match part {
            TablePart::Open if in_table => {
                *nested += 1;
                self.close_inline();
            }
            TablePart::Close if *nested > 0 => {
                *nested -= 1;
                self.close_inline();
            }
            TablePart::Open => self.start_table(&[], offset),
            _ if *nested > 0 || !in_table => self.close_inline(),
            TablePart::Close => {
                self.close_inline();
                self.pop_frame();
            }
            TablePart::RowOpen => {
                self.close_inline();
                if let Some((Frame::Table { rows, .. }, _)) = self.stack.last_mut() {
                    rows.push(Vec::new());
                }
            }
            TablePart::CellOpen { header } => {
                self.close_inline();
                if let Some((
                    Frame::Table {
                        rows, header: head, ..
                    },
                    _,
                )) = self.stack.last_mut()
                {
                    if rows.is_empty() {
                        rows.push(Vec::new());
                    }
                    // A first row of `<th>` is the table's head.
                    if header && rows.len() == 1 {
                        *head = 1;
                    }
                }
                self.open_inline(InlineKind::Cell, offset);
            }
            TablePart::RowClose | TablePart::CellClose => self.close_inline(),
        }
    }

    /// An image's alternative text, bracketed like a markdown image's.
    pub(super) fn push_image_text(&mut self, alt: &str, offset: usize) {
        let marker = TextStyle::IMAGE | TextStyle::MARKER;
        self.push_text("[", offset, marker);
        if alt.trim().is_empty() {
            self.push_text("image", offset, marker);
        } else {
            self.push_text(&collapse(alt), offset, TextStyle::IMAGE);
        }
        self.push_text("]", offset, marker);
    }
}

/// Runs of white space as one space, as HTML shows text.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// The document style an inline HTML tag stands for.
fn inline_style(style: html::Inline) -> TextStyle {
    match style {
        html::Inline::Strong => TextStyle::STRONG,
        html::Inline::Emphasis => TextStyle::EMPHASIS,
        html::Inline::Strike => TextStyle::STRIKE,
        html::Inline::Code => TextStyle::CODE,
        html::Inline::Plain => TextStyle::PLAIN,
    }
}
