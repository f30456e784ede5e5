//! The view: draws an [`App`] into a ratatui frame. Reads state, never changes it, and
//! touches only the lines on screen.

use crate::app::App;
use crate::document::TextStyle;
use crate::layout::Line as TextLine;
use crate::overlay::Mode;
use crate::screen::{self, HelpBox, HelpCell, Regions, TocBox};
use crate::search::Match;
use crate::text;
use crate::theme::Theme;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Clear, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
    StatefulWidget, Widget,
};
use std::fmt::Write as _;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    let (width, height) = app.area_size();
    let laid_out = Rect::new(area.x, area.y, width, height);
    if laid_out == area {
        draw_into(app, theme, area, frame.buffer_mut());
        return;
    }
    // The frame is not the size the app was laid out for (a resize not yet handled): draw
    // at the app's size and show what fits, rather than write outside the frame.
    let mut scratch = Buffer::empty(laid_out);
    draw_into(app, theme, laid_out, &mut scratch);
    let buf = frame.buffer_mut();
    let common = area.intersection(laid_out);
    for y in common.top()..common.bottom() {
        for x in common.left()..common.right() {
            buf[(x, y)] = scratch[(x, y)].clone();
        }
    }
}

/// Draws the whole screen into `buf`, which covers `area`: the app's size.
fn draw_into(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(regions) = app.regions() else {
        too_small(area, buf);
        return;
    };
    if let Some(row) = regions.title {
        buf.set_style(row, theme.title());
        let mut pen = Pen::new(buf, row);
        pen.put(" ", theme.title());
        pen.right = pen.right.saturating_sub(1);
        pen.put_fitted(&app.document().title, theme.title());
    }
    if let Some(row) = regions.tabs {
        draw_tabs(app, theme, row, buf);
    }
    draw_page(app, theme, &regions, buf);
    draw_status(app, theme, regions.status, buf);
    match app.mode() {
        Mode::Help { scroll } => {
            if let Some(help) = app.help_box() {
                draw_help(*scroll, theme, &help, buf);
            }
        }
        Mode::Toc { selected, top, .. } => {
            if let Some(toc) = app.toc_box() {
                draw_toc(app, *selected, *top, theme, &toc, buf);
            }
        }
        Mode::Links { selected, top, .. } => {
            if let Some(list) = app.links_box() {
                draw_links(app, *selected, *top, theme, &list, buf);
            }
        }
        _ => {}
    }
}

/// `s` cut to `max` columns, ending in "…" when it was cut.
fn fit(s: &str, max: usize) -> String {
    if text::width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut cut = text::prefix_to_width(s, max - 1).to_string();
    cut.push('…');
    cut
}

/// `s` cut to at most `max` columns from its start, an ellipsis for what is left out: a
/// path keeps its end (the file), which tells one from another.
fn fit_end(s: &str, max: usize) -> String {
    if text::width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let chars: Vec<char> = s.chars().collect();
    let (mut start, mut used) = (chars.len(), 0);
    while start > 0 {
        let w = text::width(chars[start - 1].encode_utf8(&mut [0; 4]));
        if used + w > max - 1 {
            break;
        }
        used += w;
        start -= 1;
    }
    let mut out = String::from('…');
    out.extend(&chars[start..]);
    out
}

/// Writes pieces of text along one row of a buffer, left to right, up to `right`; a frame
/// drawn this way builds no strings of its own.
struct Pen<'b> {
    buf: &'b mut Buffer,
    x: u16,
    y: u16,
    right: u16,
}

impl<'b> Pen<'b> {
    fn new(buf: &'b mut Buffer, row: Rect) -> Pen<'b> {
        Pen {
            buf,
            x: row.x,
            y: row.y,
            right: row.right(),
        }
    }

    fn put(&mut self, s: &str, style: Style) {
        if self.x < self.right {
            let room = usize::from(self.right - self.x);
            self.x = self.buf.set_stringn(self.x, self.y, s, room, style).0;
        }
    }

    /// Writes `s`, cut to end in "…" when it does not fit.
    fn put_fitted(&mut self, s: &str, style: Style) {
        let room = usize::from(self.right.saturating_sub(self.x));
        if text::width(s) <= room {
            self.put(s, style);
        } else {
            self.put(text::prefix_to_width(s, room.saturating_sub(1)), style);
            self.put("…", style);
        }
    }

    /// Writes `n` in decimal.
    fn put_number(&mut self, n: usize, style: Style) {
        self.put(itoa::Buffer::new().format(n), style);
    }
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
    let doc = app.document();
    SCRATCH.with_borrow_mut(|scratch| {
        let about = app.loading();
        let changed = app.changed_sections();
        screen::tabs_into(doc, current, row.width, about, changed, &mut scratch.tabs);
        for tab in &scratch.tabs {
            let style = if tab.section == current {
                theme.current_tab()
            } else {
                theme.tab()
            };
            let x = row.x.saturating_add(tab.x);
            let mut pen = Pen::new(buf, Rect::new(x, row.y, tab.width, 1).intersection(row));
            let section = &doc.sections[tab.section];
            pen.put(if about { " ≈" } else { " " }, style);
            pen.put_number(section.number, style);
            if app.changed(tab.section) {
                pen.put(screen::CHANGED, style);
            }
            pen.put(" ", style);
            if tab.full {
                pen.put(&section.title, style);
                pen.put(" ", style);
            }
        }
    });
}

/// Lists and strings a frame fills and empties again, kept so that drawing a screen
/// allocates nothing once they have grown.
#[derive(Default)]
struct Scratch {
    tabs: Vec<screen::Tab>,
    status: Status,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// The largest char boundary of `s` at or before `i`.
fn boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Hands each piece of a laid-out line to `emit` in the theme's style, highlighting the
/// parts inside search matches (`matches` sorted, for this section; `current` drawn
/// stronger).
fn styled<'a>(
    line: &'a TextLine,
    theme: &Theme,
    matches: &[Match],
    current: Option<Match>,
    emit: &mut dyn FnMut(&'a str, Style),
) {
    for span in &line.spans {
        let text = span.text.as_str();
        let base = theme.text(span.style);
        let Some(src) = span.source.filter(|_| !matches.is_empty()) else {
            emit(text, base);
            continue;
        };
        let end = src + text.len();
        let first = matches.partition_point(|m| m.end <= src);
        let mut pos = 0;
        for m in matches[first..].iter().take_while(|m| m.start < end) {
            let a = boundary(text, m.start.saturating_sub(src)).max(pos);
            let b = boundary(text, m.end.saturating_sub(src));
            if b <= a {
                continue;
            }
            if a > pos {
                emit(&text[pos..a], base);
            }
            let style = if Some(*m) == current {
                theme.current_match(span.style)
            } else {
                theme.text(span.style | TextStyle::MATCH)
            };
            emit(&text[a..b], style);
            pos = b;
        }
        if pos < text.len() {
            emit(&text[pos..], base);
        }
    }
}

/// Makes the cells of a row that show a clickable link's text (see [`App::hyperlinks`]) an
/// OSC 8 hyperlink to its address: each stretch of cells of one link and one style becomes
/// one cell holding the sequence, the text and the sequence's end, as wide as the text, the
/// cells it covers left alone when the screen is written.
fn hyperlink_row(line: &TextLine, links: &[crate::app::Hyperlink], row: Rect, buf: &mut Buffer) {
    let mut x = row.x;
    for span in &line.spans {
        let width = u16::try_from(text::width(&span.text)).unwrap_or(u16::MAX);
        let start = x;
        x = x.saturating_add(width).min(row.right());
        let Some(src) = span.source.filter(|_| span.style.contains(TextStyle::LINK)) else {
            continue;
        };
        let Some(link) = links.iter().find(|l| l.0 <= src && src < l.1.max(l.0 + 1)) else {
            continue;
        };
        let mut at = start;
        while at < x {
            // A stretch of cells styled alike, each one column wide.
            let style = buf[(at, row.y)].style();
            let mut end = at;
            let mut shown = String::new();
            while end < x && buf[(end, row.y)].style() == style {
                let symbol = buf[(end, row.y)].symbol();
                if text::width(symbol) != 1 {
                    break;
                }
                shown.push_str(symbol);
                end += 1;
            }
            if end == at {
                at += 1;
                continue;
            }
            let Some(wide) = std::num::NonZeroU16::new(end - at) else {
                break;
            };
            let cell = &mut buf[(at, row.y)];
            cell.set_symbol(&format!("\x1b]8;;{}\x1b\\{shown}\x1b]8;;\x1b\\", link.2));
            cell.set_diff_option(ratatui::buffer::CellDiffOption::ForcedWidth(wide));
            for covered in at + 1..end {
                buf[(covered, row.y)].set_diff_option(ratatui::buffer::CellDiffOption::Skip);
            }
            at = end;
        }
    }
}

fn draw_page(app: &App, theme: &Theme, regions: &Regions, buf: &mut Buffer) {
    let text = regions.text;
    let section = app.reader().section;
    let (matches, current) = match app.active_search() {
        Some(s) => (
            s.in_section(section),
            s.current.and_then(|i| s.matches.get(i)).copied(),
        ),
        None => (&[][..], None),
    };
    if app.document().is_empty() {
        let width = usize::from(text.width);
        buf.set_stringn(text.x, text.y, crate::document::EMPTY, width, theme.note());
        return;
    }
    // Code may run past the prose column, up to the gap before the scrollbar.
    let room = u16::try_from(app.code_width())
        .unwrap_or(u16::MAX)
        .min(regions.scrollbar.x.saturating_sub(text.x))
        .max(text.width);
    let clickable = app.hyperlinks();
    // Straight into the buffer, piece by piece: a frame builds no lines of its own.
    for (y, line) in (text.y..text.bottom()).zip(app.visible()) {
        let mut x = text.x;
        let right = text.x.saturating_add(room);
        styled(line, theme, matches, current, &mut |piece, style| {
            if x < right {
                x = buf
                    .set_stringn(x, y, piece, usize::from(right - x), style)
                    .0;
            }
        });
        if let Some(links) = clickable.as_ref().filter(|l| !l.is_empty()) {
            hyperlink_row(line, links, Rect::new(text.x, y, room, 1), buf);
        }
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

/// The status line: a left part and the right-hand parts, most important first. Parts that
/// do not fit are left out. Its strings are refilled for every frame, keeping their room.
#[derive(Default)]
struct Status {
    left: String,
    parts: String,
    ends: Vec<usize>,
}

impl Status {
    /// The right-hand parts, most important first.
    fn parts(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|i| self.part_at(i))
    }

    /// Right-hand part `i`.
    fn part_at(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.parts[start..self.ends[i]]
    }

    /// Adds a right-hand part.
    fn part(&mut self, args: std::fmt::Arguments) {
        // Writing into a String cannot fail.
        let _ = self.parts.write_fmt(args);
        self.ends.push(self.parts.len());
    }

    fn fill(&mut self, app: &App) {
        self.left.clear();
        self.parts.clear();
        self.ends.clear();
        let section = &app.document().sections[app.reader().section];
        if let (Mode::Search { prompt }, Some(preview)) = (app.mode(), app.active_search()) {
            let query = &prompt.text;
            let (before, after) = query.split_at(prompt.cursor.min(query.len()));
            let _ = write!(self.left, " /{before}▏{after}");
            match preview.matches.len() {
                _ if query.is_empty() => self.part(format_args!("Enter keeps · Esc goes back")),
                _ if preview.failed.is_some() => self.part(format_args!("search failed")),
                n if !preview.complete => self.part(format_args!("searching… {n} so far")),
                0 => self.part(format_args!("no match")),
                1 => self.part(format_args!("1 match")),
                n => self.part(format_args!("{n} matches")),
            }
            return;
        }
        // While only its beginning is here, a section's number is its own (the whole's
        // title and the level it splits at need all of it): said as an estimate.
        let about = if app.loading() { "≈" } else { "" };
        let _ = match app.note() {
            Some(note) => write!(self.left, " {note}"),
            None => write!(self.left, " {about}{} {}", section.number, section.title),
        };
        if app.note().is_none()
            && let Some(sub) = app.subheading()
        {
            let _ = write!(self.left, " › {sub}");
        }
        let p = app.progress();
        self.part(format_args!("? help "));
        // A stream still arriving: how much is here, its totals provisional.
        let arriving = match app.source() {
            crate::app::Source::Arriving(bytes) => Some(bytes),
            _ => None,
        };
        if p.at_end && arriving.is_some() {
            self.part(format_args!("end so far"));
        } else if p.at_end {
            self.part(format_args!("The end"));
        } else if p.fits {
            self.part(format_args!("All"));
        } else if app.reader().top == 0 {
            self.part(format_args!("Top"));
        } else if p.section_percent >= 100 {
            self.part(format_args!("End"));
        } else {
            self.part(format_args!("{}%", p.section_percent));
        }
        if app.following() {
            self.part(format_args!("following"));
        }
        match app.source() {
            crate::app::Source::Gone => self.part(format_args!("file gone")),
            crate::app::Source::Arriving(bytes) => {
                self.part(format_args!("{} so far…", crate::text::bytes(bytes)));
            }
            _ => {}
        }
        if app.loading() {
            self.part(format_args!("loading…"));
            // Totals are estimates until the whole is parsed.
            if let Some((percent, minutes)) = app.estimate() {
                self.part(format_args!("≈{} min left", minutes.max(1)));
                self.part(format_args!("≈{percent}% of all"));
            }
            return;
        }
        if let Some(s) = app.active_search() {
            let more = if s.complete { "" } else { "+ (searching…)" };
            match s.current {
                Some(i) => self.part(format_args!("match {} of {}{more}", i + 1, s.matches.len())),
                None if !s.complete => self.part(format_args!("searching…")),
                None => {}
            }
        }
        if !p.at_end {
            let about = if arriving.is_some() { "≈" } else { "" };
            self.part(format_args!("{about}{} min left", p.minutes_left));
            self.part(format_args!("{about}{}% of all", p.document_percent));
        }
    }
}

fn draw_status(app: &App, theme: &Theme, row: Rect, buf: &mut Buffer) {
    let style = if app.note().is_some() || matches!(app.mode(), Mode::Search { .. }) {
        theme.note()
    } else {
        theme.status()
    };
    buf.set_style(row, theme.status());
    SCRATCH.with_borrow_mut(|scratch| {
        let status = &mut scratch.status;
        status.fill(app);
        let width = usize::from(row.width);
        let left_width = text::width(&status.left).min(width);
        // Keep adding parts (most important first) while they fit beside the left part.
        let (mut shown, mut used) = (0, 0);
        for part in status.parts() {
            let w = text::width(part) + 3;
            if left_width + used + w > width {
                break;
            }
            used += w;
            shown += 1;
        }
        buf.set_stringn(row.x, row.y, &status.left, width, style);
        // Shown right to left: the most important part at the right edge.
        let right_width = used.saturating_sub(3);
        if shown > 0 && left_width + right_width < width {
            let x = row.x + u16::try_from(width - right_width).unwrap_or(0);
            let mut pen = Pen::new(buf, Rect::new(x, row.y, row.right().saturating_sub(x), 1));
            for i in (0..shown).rev() {
                pen.put(status.part_at(i), theme.status());
                if i > 0 {
                    pen.put(" · ", theme.status());
                }
            }
        }
    });
}

/// One row of the help: each cell from its own column.
fn help_line<'a>(cells: &'a [HelpCell], theme: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    let mut at = 0;
    for cell in cells {
        spans.push(Span::raw(" ".repeat(cell.x.saturating_sub(at))));
        if cell.heading {
            spans.push(Span::styled(cell.text.as_str(), theme.help_key()));
        } else {
            spans.push(Span::styled(cell.key.as_str(), theme.help_key()));
            spans.push(Span::raw(" ".repeat(cell.gap())));
            spans.push(Span::raw(cell.text.as_str()));
        }
        at = cell.end();
    }
    Line::from(spans)
}

fn draw_help(scroll: usize, theme: &Theme, help: &HelpBox, buf: &mut Buffer) {
    let more = scroll + help.visible() < help.rows.len();
    let lines: Vec<Line> = help
        .rows
        .iter()
        .skip(scroll)
        .take(help.visible())
        .map(|cells| help_line(cells, theme))
        .collect();
    let footer = if more { " ↓ more " } else { "" };
    // The first line says how to close the help and how to quit, whatever is scrolled.
    let title = if help.area.width >= 45 {
        " Keys · Esc, q or ? closes · Ctrl-c quits "
    } else {
        " Esc closes · Ctrl-c quits "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(title)
        .title_bottom(Line::from(footer).right_aligned());
    Clear.render(help.area, buf);
    Paragraph::new(lines).block(block).render(help.area, buf);
}

/// The links list: each link's number, text and where it goes; the selected one's whole
/// address at the foot.
fn draw_links(
    app: &App,
    selected: usize,
    top: usize,
    theme: &Theme,
    list: &TocBox,
    buf: &mut Buffer,
) {
    use crate::document::links::Target;
    let inner = usize::from(list.area.width.saturating_sub(2));
    let links = app.links();
    let number_width = links.len().to_string().len();
    let lines: Vec<Line> = links
        .iter()
        .enumerate()
        .skip(top)
        .take(list.visible())
        .map(|(i, link)| {
            let target = match &link.target {
                Target::Address(a) => a.clone(),
                Target::Footnote(label) => format!("note {label}"),
            };
            let number = format!(" {:>w$}  ", i + 1, w = number_width);
            let room = inner.saturating_sub(text::width(&number) + 1);
            let name = fit(&text::clean(&link.text), room / 2);
            let to = fit(
                &text::clean(&target),
                room.saturating_sub(text::width(&name) + 2),
            );
            let pad = room.saturating_sub(text::width(&name) + text::width(&to));
            let style = if i == selected {
                theme.current_tab()
            } else {
                Style::default()
            };
            Line::from(vec![
                Span::styled(format!("{number}{name}{}", " ".repeat(pad)), style),
                Span::styled(format!("{to} "), style.patch(theme.border())),
            ])
        })
        .collect();
    let foot = " Enter follows · y copies · o opens · L closes ";
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(" Links and notes ")
        .title_bottom(Line::from(fit(foot, inner)).right_aligned());
    Clear.render(list.area, buf);
    Paragraph::new(lines).block(block).render(list.area, buf);
}

fn draw_toc(app: &App, selected: usize, top: usize, theme: &Theme, toc: &TocBox, buf: &mut Buffer) {
    const BAR: usize = 8;
    let inner = usize::from(toc.area.width.saturating_sub(2));
    let last = app.toc_entries_all().saturating_sub(1);
    let number_width = app.toc_row(last).map_or(1, |r| r.number.to_string().len());
    let entries = app.toc_entries();
    // Titles have the room first: the bar, then the minutes, give way to the longest title
    // on screen.
    let longest = entries
        .iter()
        .skip(top)
        .take(toc.visible())
        .filter_map(|&i| app.toc_row(i))
        .filter(|s| !s.heading)
        .map(|s| text::width(s.title))
        .max()
        .unwrap_or(0);
    let fits = |right: &str| text::width(right) + number_width + 2 + longest <= inner;
    let lines: Vec<Line> = entries
        .iter()
        .enumerate()
        .skip(top)
        .take(toc.visible())
        .filter_map(|(row, &i)| Some((row, app.toc_row(i)?)))
        .map(|(row, s)| {
            let style = if row == selected {
                theme.current_tab()
            } else {
                Style::default()
            };
            if s.heading {
                // A sub-heading, indented under its section: its title only.
                let room = inner.saturating_sub(number_width + 4);
                let title = fit(s.title, room);
                let pad = room.saturating_sub(text::width(&title));
                return Line::from(Span::styled(
                    format!(" {:w$}   {title}{}", "", " ".repeat(pad), w = number_width),
                    style,
                ));
            }
            let filled = (s.read.clamp(0.0, 1.0) * BAR as f32).round() as usize;
            let bar = format!("{}{}", "█".repeat(filled), "░".repeat(BAR - filled));
            let minutes = s.words.map_or("   …".to_string(), |w| {
                format!("{:>3}", crate::document::minutes(w))
            });
            let words = s
                .words
                .map_or("…".to_string(), |w| crate::document::count(w, "word"));
            let right = [
                format!(" {words:>11} {minutes} min {bar} "),
                format!(" {minutes} min {bar} "),
                format!(" {minutes} min "),
            ]
            .into_iter()
            .find(|r| fits(r))
            // A title longer than the box: the minutes stay when they leave it some room.
            .or_else(|| {
                let r = format!(" {minutes} min ");
                (text::width(&r) + number_width + 12 <= inner).then_some(r)
            })
            .unwrap_or_default();
            let room = inner.saturating_sub(text::width(&right) + number_width + 2);
            let title = fit(s.title, room);
            let pad = room.saturating_sub(text::width(&title));
            // A changed section's sign in the space after its number.
            let sign = if s.changed { screen::CHANGED } else { " " };
            let label = format!(
                " {:>w$}{sign}{title}{}",
                s.number,
                " ".repeat(pad),
                w = number_width
            );
            Line::from(vec![
                Span::styled(label, style),
                Span::styled(right, style.patch(theme.border())),
            ])
        })
        .collect();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(match app.mode() {
            Mode::Toc {
                filter: Some(f), ..
            } => format!(" Contents /{f}▏ "),
            _ => " Contents ".to_string(),
        })
        .title_bottom(
            Line::from(
                if matches!(app.mode(), Mode::Toc { filter: Some(f), .. } if !f.is_empty()) {
                    format!(
                        " {} of {} · Esc shows all ",
                        entries.len(),
                        app.toc_entries_all()
                    )
                } else {
                    " / filters · Enter opens · t closes ".to_string()
                },
            )
            .right_aligned(),
        );
    Clear.render(toc.area, buf);
    Paragraph::new(lines).block(block).render(toc.area, buf);
}

/// Rows of the library list on a screen of `height`: all but the heading, the filter line
/// and the key line.
pub fn library_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(3)).max(1)
}

/// The library: its heading, the filter, one row a document (title, length, how far read,
/// when, and its path), and the keys.
pub fn draw_library(frame: &mut Frame, lib: &crate::library::Library, theme: &Theme) {
    const BAR: usize = 8;
    let area = frame.area();
    let buf = frame.buffer_mut();
    if area.width < screen::MIN_WIDTH || area.height < 4 {
        too_small(area, buf);
        return;
    }
    let width = usize::from(area.width);
    let row = |y: u16| Rect::new(area.x, area.y + y, area.width, 1);
    // The count and the order stay in view; a long folder name gives way, keeping its end.
    let tail = format!(
        " · {} · by {}",
        crate::document::count(lib.entries.len(), "document"),
        lib.sort.name()
    );
    let name = fit_end(
        &lib.heading,
        width.saturating_sub(text::width(&tail) + 1).max(8),
    );
    let heading = format!(" {name}{tail}");
    Line::styled(fit(&heading, width), theme.title()).render(row(0), buf);
    let typing = lib.over == crate::library::Over::Filter;
    let filter = if let Some(note) = &lib.note {
        format!(" {note}")
    } else if lib.filter.is_empty() && !typing {
        " / filters · ? keys".to_string()
    } else {
        format!(
            " /{}{}  {} of {}",
            text::clean(&lib.filter),
            if typing { "▏" } else { "" },
            lib.shown.len(),
            lib.entries.len()
        )
    };
    Line::styled(fit(&filter, width), theme.border()).render(row(1), buf);
    let now = std::time::SystemTime::now();
    let rows = library_rows(area.height);
    for (n, &i) in lib.shown.iter().enumerate().skip(lib.top).take(rows) {
        let e = &lib.entries[i];
        let (title, right) = match &e.info {
            None => (e.name.clone(), "…".to_string()),
            Some(info) if info.gone => (info.title.clone(), "gone".to_string()),
            Some(info) => {
                let (read, when) = info.read.map_or((0.0, String::new()), |(r, w)| {
                    (r, crate::library::ago(w, now))
                });
                let filled = (read * BAR as f32).round() as usize;
                let bar = format!("{}{}", "█".repeat(filled), "░".repeat(BAR - filled));
                // An estimate (a large file read from its beginning so far) says so.
                let about = if info.estimated { "≈" } else { "" };
                let minutes = format!("{about}{}", crate::document::minutes(info.words));
                let words = format!("{about}{}", crate::document::count(info.words, "word"));
                (
                    info.title.clone(),
                    if width >= 100 {
                        format!("{words:>12} {minutes:>3} min {bar} {when:>11}")
                    } else {
                        format!("{minutes:>3} min {bar} {when:>11}")
                    },
                )
            }
        };
        let right = if text::width(&right) + 20 <= width {
            right
        } else {
            String::new()
        };
        let room = width.saturating_sub(text::width(&right) + 3);
        let path = if e.info.as_ref().is_some_and(|i| i.title != e.name) {
            e.name.as_str()
        } else {
            ""
        };
        // The title first, the path (up to half the row) after it, keeping its end (the
        // file's name): two documents of one title still tell apart.
        let path_want = if path.is_empty() {
            0
        } else {
            (text::width(path) + 2).min(room / 2)
        };
        let title = fit(&title, room.saturating_sub(path_want));
        let path_room = room.saturating_sub(text::width(&title) + 2);
        let path = if path.is_empty() || path_room < 4 {
            String::new()
        } else {
            format!("  {}", fit_end(path, path_room))
        };
        let pad = room.saturating_sub(text::width(&title) + text::width(&path));
        let style = if n == lib.selected {
            theme.current_tab()
        } else {
            Style::default()
        };
        let y = u16::try_from(n - lib.top + 2).unwrap_or(0);
        Line::from(vec![
            Span::styled(format!(" {title}"), style),
            Span::styled(path, style.patch(theme.border())),
            Span::styled(format!("{} {right} ", " ".repeat(pad)), style),
        ])
        .render(row(y), buf);
    }
    if lib.shown.is_empty() {
        let note = if lib.entries.is_empty() {
            " No markdown files here"
        } else {
            " Nothing matches"
        };
        Line::raw(note).render(row(2), buf);
    }
    let keys = if typing {
        " type to filter · Enter keeps it · Esc clears it"
    } else {
        " ↑↓ choose · Enter reads · / filters · Tab sorts · ? keys · q quits"
    };
    Line::styled(fit(keys, width), theme.status()).render(row(area.height - 1), buf);
    if lib.over == crate::library::Over::Help {
        draw_list_keys(area, theme, buf);
    }
}

/// A library's keys in a box over its list (`?`; any key closes it).
fn draw_list_keys(area: Rect, theme: &Theme, buf: &mut Buffer) {
    use crate::keys::{CONTENTS_KEYS, ContentsAction, LIBRARY_KEYS, rows as key_rows};
    // The contents' keys that mean the same here (moving, opening), then the list's own.
    let moving: Vec<_> = CONTENTS_KEYS
        .iter()
        .filter(|b| {
            !matches!(
                b.action,
                ContentsAction::Close | ContentsAction::Fold | ContentsAction::Unfold
            )
        })
        .copied()
        .collect();
    let mut rows = key_rows(&moving);
    rows.extend(key_rows(LIBRARY_KEYS));
    let keys_width = rows.iter().map(|(k, _)| text::width(k)).max().unwrap_or(0);
    let lines: Vec<Line> = rows
        .iter()
        .map(|(k, help)| {
            Line::from(vec![
                Span::styled(format!(" {k:<keys_width$}  "), theme.title()),
                Span::raw(format!("{help} ")),
            ])
        })
        .collect();
    let widest = lines.iter().map(Line::width).max().unwrap_or(0) + 2;
    let width = u16::try_from(widest).unwrap_or(u16::MAX).min(area.width);
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let x = area.x + (area.width - width) / 2;
    let y = area.y + (area.height - height) / 2;
    let boxed = Rect::new(x, y, width, height);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(" Keys ")
        .title_bottom(Line::from(" any key closes ").right_aligned());
    Clear.render(boxed, buf);
    Paragraph::new(lines).block(block).render(boxed, buf);
}
