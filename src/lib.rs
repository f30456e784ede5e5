//! connection-reader: a calm terminal reader for long-form prose in markdown.
//!
//! # The map
//!
//! The pipeline runs one way: markdown is parsed once into a [`document::Document`], each
//! section is laid out per width by [`layout`], [`app::App`] holds the reading state and
//! changes only through `handle`/`update`, and [`ui`] draws it. [`print`] writes the same
//! layout to a pipe. The binary (`main.rs`) only wires these to the command line.
//!
//! ## Layers, lowest first (a module imports only from its own layer or below)
//!
//! 1. **Ground**: [`text`] (widths, cleaning, FNV-1a), [`keys`] (every screen's key table:
//!    reading, prompt, contents, marks, links, library), [`files`] (what a path is, bounded
//!    reads of small files), [`fault`], [`worker`] (every thread starts here, its panics
//!    caught).
//! 2. **The document**: [`document`] (the parse: `fold` turns parser events into blocks,
//!    `sections` splits them, `front` reads front matter, `links` holds labels, links and
//!    anchors, `large` parses a large document in parts through `survey` and `dormant`),
//!    [`overlay`] (what is open over the page), [`terminal`] (entering and always restoring
//!    it, signals).
//! 3. **Layout, and where a document comes from**: [`layout`] (a section at a width,
//!    cached), [`source`] (the essay, a file, a stream: read once, checked, bounded),
//!    [`screen`] (geometry shared by input and drawing), [`theme`].
//! 4. **One reading's state**: [`reader`] (section, top line, anchor), [`state`] (places
//!    saved on disk, and the key a document is filed under), [`print`], [`choices`]
//!    (settings by name).
//! 5. [`search`], [`marks`] (marks and the jumps back), [`library`], [`config`] (the
//!    preferences file).
//! 6. **The app**: [`loader`] (a large file's beginning now, the whole on a worker),
//!    [`app`] (everything a reader does to one document).
//! 7. **The screen and the loops**: [`ui`] (drawing only), then [`event_loop`] (the terminal
//!    loop, and the documents links lead to), [`browse`] (the library's loop), [`cli`] (the
//!    command line).
//!
//! ## Who owns what
//!
//! - The document's text and blocks: [`document::Document`], owned by the [`app::App`]
//!   (replaced whole, by offset, when a large file finishes loading).
//! - The place: [`reader::Reader`] holds an anchor, a source offset; line numbers are only a
//!   view of it at one width. Marks, jumps, search matches and saved places are offsets too.
//! - What is open over the page: [`overlay::Mode`], one enum carrying each overlay's state.
//! - The terminal: only the main thread, through [`terminal`], and only once on the way out.
//!
//! ## Threads, and how they talk
//!
//! - The loader ([`loader`]): reads and parses a large file, sends the whole document (or a
//!   failure) on a channel the event loop polls.
//! - The search (`search::background`): searches large documents; results and failures
//!   come back by generation, stale ones dropped.
//! - The library's counting ([`library`]): a file's title and words a row at a time; a fault
//!   becomes a note.
//! - The survey's second half ([`document::survey`]) and `--print`'s layout ([`print`]):
//!   scoped threads, joined before anything is shown or written.
//! - The signal thread ([`terminal`]): restores the terminal, saves the place, exits.
//!
//! ## Rules two places must both keep, and the test that checks each
//!
//! - A large document parsed in parts is the whole parse, section for section and block for
//!   block: `tests/props.rs` (`a_large_document_parses_like_the_whole`), `tests/real_markdown.rs`
//!   (the corpus), the `pieces` fuzz target.
//! - A stream printed in parts prints as its whole does: `tests/hostile.rs`.
//! - The links list numbers links as the text does: `tests/real_markdown.rs`
//!   (`the_links_list_numbers_each_link_as_the_text_does`).
//! - The keys and the help screen read one table: `keys::tests::help_lists_every_binding`.
//! - A plain start (`Cli::plain`) reads the command line as clap does:
//!   `cli::tests::a_plain_start_reads_as_clap_reads_it`.
//! - Drawing and input share geometry: `tests/screens.rs` and the mouse tests in `tests/keys.rs`.
//! - No output carries a control character or a control of text direction: `tests/props.rs`,
//!   `tests/hostile.rs`.

pub mod app;
pub mod browse;
pub mod choices;
pub mod cli;
pub mod config;
pub mod document;
pub mod event_loop;
pub mod fault;
pub mod files;
pub mod highlight;
pub mod keys;
pub mod layout;
pub mod library;
pub mod live;
pub mod loader;
pub mod marks;
pub mod overlay;
pub mod print;
pub mod reader;
pub mod screen;
pub mod search;
pub mod source;
pub mod state;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod ui;
pub mod worker;
