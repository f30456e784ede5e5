fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = connection_reader::document::Document::parse(&text, "x");
    for s in &doc.sections {
        println!("{} {:?}", s.number, s.title);
        for b in &s.blocks {
            println!("  {:?}", b);
        }
    }
}
