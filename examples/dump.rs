fn main() {
    let src = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    for (e, r) in pulldown_cmark::Parser::new_ext(&src, pulldown_cmark::Options::ENABLE_FOOTNOTES)
        .into_offset_iter()
    {
        println!("{r:?} {e:?}");
    }
}
