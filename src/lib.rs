//! connection-reader: a calm terminal reader for long-form prose in markdown.
//!
//! The pipeline runs one way: markdown is parsed once into a [`document::Document`], each
//! section is laid out per width by [`layout`], [`app::App`] holds the reading state and
//! changes only through `update`, and [`ui`] draws it. [`print`] writes the same layout to
//! a pipe. The binary only wires these to the command line and the terminal.

pub mod app;
pub mod browse;
pub mod choices;
pub mod cli;
pub mod config;
pub mod document;
pub mod event_loop;
pub mod fault;
pub mod files;
pub mod keys;
pub mod layout;
pub mod library;
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
