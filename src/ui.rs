//! The view: draws an [`App`] into a ratatui frame. Reads state, never changes it, and
//! touches only the lines on screen.

use crate::app::{App, Mode};
use crate::layout::Line as TextLine;
use crate::screen::{self, HelpBox, Regions};
use crate::text;
use crate::theme::Theme;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Clear, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
    StatefulWidget, Widget,
};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let Some(regions) = app.regions() else {
        too_small(area, buf);
        return;
    };
    if let Some(row) = regions.title {
        let title = fit(
            &app.document().title,
            usize::from(row.width).saturating_sub(2),
        );
        Line::styled(format!(" {title}"), theme.title()).render(row, buf);
    }
    if let Some(row) = regions.tabs {
        draw_tabs(app, theme, row, buf);
    }
    draw_page(app, theme, &regions, buf);
    draw_status(app, theme, regions.status, buf);
    if let (Mode::Help { scroll }, Some(help)) = (app.mode(), app.help_box()) {
        draw_help(*scroll, theme, &help, buf);
    }
}

/// `s` cut to `max` columns, ending in "…" when it was cut.
fn fit(s: &str, max: usize) -> String {
    if text::width(s) <= max {
        return s.to_string();
    }
    let mut cut = text::split_to_width(s, max.saturating_sub(1))[0].to_string();
    cut.push('…');
    cut
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let note = if area.width >= 9 {
        "Terminal too small"
    } else {
        "…"
    };
    Paragraph::new(note)
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(area, buf);
}

fn draw_tabs(app: &App, theme: &Theme, row: Rect, buf: &mut Buffer) {
    let current = app.reader().section;
    for tab in screen::tabs(app.document(), current, row.width) {
        let style = if tab.section == current {
            theme.current_tab()
        } else {
            theme.tab()
        };
        let x = row.x.saturating_add(tab.x);
        buf.set_stringn(x, row.y, &tab.label, usize::from(tab.width), style);
    }
}

/// Converts a laid-out line to ratatui spans in the theme's styles.
fn styled<'a>(line: &'a TextLine, theme: &Theme) -> Line<'a> {
    Line::from(
        line.spans
            .iter()
            .map(|s| Span::styled(s.text.as_str(), theme.text(s.style)))
            .collect::<Vec<_>>(),
    )
}

fn draw_page(app: &App, theme: &Theme, regions: &Regions, buf: &mut Buffer) {
    let text = regions.text;
    for (y, line) in (text.y..text.bottom()).zip(app.visible()) {
        buf.set_line(text.x, y, &styled(line, theme), text.width);
    }
    let lines = app.lines().len();
    let reader = app.reader();
    if lines > reader.height {
        let positions = reader.max_top(app.lines()) + 1;
        let mut state = ScrollbarState::new(positions)
            .position(reader.top)
            .viewport_content_length(reader.height);
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .symbols(symbols::scrollbar::VERTICAL)
            .begin_symbol(None)
            .end_symbol(None)
            .track_style(theme.border())
            .render(regions.scrollbar, buf, &mut state);
    }
}

/// The status line's parts, most important first; parts that do not fit are left out.
pub fn status_parts(app: &App) -> (String, Vec<String>) {
    let section = &app.document().sections[app.reader().section];
    let left = match app.note() {
        Some(note) => format!(" {note}"),
        None => format!(" {} {}", section.number, section.title),
    };
    let p = app.progress();
    let position = if p.at_end {
        "The end".to_string()
    } else if p.fits {
        "All".to_string()
    } else if app.reader().top == 0 {
        "Top".to_string()
    } else if p.section_percent >= 100 {
        "End".to_string()
    } else {
        format!("{}%", p.section_percent)
    };
    let mut right = vec!["? help ".to_string(), position];
    if !p.at_end {
        right.push(format!("{} min left", p.minutes_left.max(1)));
        right.push(format!("{}% of all", p.document_percent));
    }
    (left, right)
}

fn draw_status(app: &App, theme: &Theme, row: Rect, buf: &mut Buffer) {
    let style = if app.note().is_some() {
        theme.note()
    } else {
        theme.status()
    };
    buf.set_style(row, theme.status());
    let (left, parts) = status_parts(app);
    let width = usize::from(row.width);
    let left_width = text::width(&left).min(width);
    // Keep adding parts (most important first) while they fit beside the left part.
    let mut shown: Vec<&str> = Vec::new();
    let mut used = 0;
    for part in &parts {
        let w = text::width(part) + 3;
        if left_width + used + w > width {
            break;
        }
        used += w;
        shown.push(part);
    }
    shown.reverse();
    let right = shown.join(" · ");
    buf.set_stringn(row.x, row.y, &left, width, style);
    let right_width = text::width(&right);
    if right_width > 0 && left_width + right_width < width {
        let x = row.x + u16::try_from(width - right_width).unwrap_or(0);
        buf.set_stringn(x, row.y, &right, right_width, theme.status());
    }
}

fn draw_help(scroll: usize, theme: &Theme, help: &HelpBox, buf: &mut Buffer) {
    let more = scroll + help.visible() < help.rows.len();
    let lines: Vec<Line> = help
        .rows
        .iter()
        .skip(scroll)
        .map(|(k, h)| {
            let indent = if k.is_empty() { "   " } else { " " };
            let pad = " ".repeat(help.key_width.saturating_sub(text::width(k)) + 2);
            let mut spans = vec![
                Span::raw(indent),
                Span::styled(k.as_str(), theme.help_key()),
            ];
            if help.key_width > 0 {
                spans.push(Span::raw(pad));
            }
            spans.push(Span::raw(*h));
            Line::from(spans)
        })
        .collect();
    let footer = if more { " ↓ more " } else { " Esc closes " };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(" Keys ")
        .title_bottom(Line::from(footer).right_aligned());
    Clear.render(help.area, buf);
    Paragraph::new(lines).block(block).render(help.area, buf);
}
