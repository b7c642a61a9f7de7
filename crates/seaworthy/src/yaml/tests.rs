use super::*;

fn text<'a>(src: &'a str, doc: &Document, id: NodeId) -> &'a str {
    doc.span(id).text(src)
}

#[test]
fn spans_are_bytes_and_exact() {
    let src = "services:\n  wéb:\n    image: \"a:1\"   # c\n    ports: [ '80:80', 81 ]\n    empty:\n";
    let doc = parse(src);
    assert!(doc.issues.is_empty(), "{:?}", doc.issues);
    let root = doc.root.unwrap();
    let web = doc.path(root, &["services", "wéb"]).unwrap();
    let image = doc.get(web, "image").unwrap();
    assert_eq!(text(src, &doc, image), "\"a:1\"");
    assert_eq!(doc.str(image), Some("a:1"));
    let ports = doc.get(web, "ports").unwrap();
    assert!(doc.seq(ports).unwrap().flow);
    assert_eq!(text(src, &doc, ports), "[ '80:80', 81 ]");
    assert_eq!(text(src, &doc, doc.items(ports)[0]), "'80:80'");
    assert!(doc.is_null(doc.get(web, "empty").unwrap()));
    let e = doc.entry(web, "image").unwrap();
    assert_eq!(text(src, &doc, e.key), "image");
}

#[test]
fn block_scalars_tags_and_anchors() {
    let src = "a: &x\n  k: v\nb: *x\nc: !reset null\nd: |\n  hi\ne: 1\n";
    let doc = parse(src);
    let root = doc.root.unwrap();
    let a = doc.get(root, "a").unwrap();
    assert_eq!(text(src, &doc, a), "k: v");
    let b = doc.get(root, "b").unwrap();
    assert_eq!(text(src, &doc, b), "*x");
    assert_eq!(doc.str(doc.get(b, "k").unwrap()), Some("v"));
    let c = doc.get(root, "c").unwrap();
    assert_eq!(doc.tag(doc.node(c)), Some("!reset"));
    assert_eq!(text(src, &doc, c), "null");
    let d = doc.get(root, "d").unwrap();
    assert!(text(src, &doc, d).starts_with('|'));
    assert_eq!(doc.str(d), Some("hi\n"));
}

#[test]
fn merge_keys_keep_provenance_and_own_keys_win() {
    let src = "x: &c\n  restart: always\n  image: a\nweb:\n  <<: *c\n  image: b\n";
    let doc = parse(src);
    let web = doc.path(doc.root.unwrap(), &["web"]).unwrap();
    assert_eq!(doc.str(doc.get(web, "image").unwrap()), Some("b"));
    let r = doc.entry(web, "restart").unwrap();
    assert_eq!(doc.str(r.value), Some("always"));
    assert_eq!(r.via.unwrap().text(src), "*c");
    assert_eq!(doc.span(r.value).text(src), "always");
    // list of merges: the earlier source wins
    let src = "a: &a {k: 1}\nb: &b {k: 2, j: 3}\nc:\n  <<: [*a, *b]\n";
    let doc = parse(src);
    let c = doc.get(doc.root.unwrap(), "c").unwrap();
    assert_eq!(doc.str(doc.get(c, "k").unwrap()), Some("1"));
    assert_eq!(doc.str(doc.get(c, "j").unwrap()), Some("3"));
}

#[test]
fn duplicates_and_bad_merges_are_issues() {
    let doc = parse("a: 1\nb: 2\na: 3\n");
    assert_eq!(doc.issues.len(), 1);
    assert_eq!(doc.issues[0].code, IssueCode::DuplicateKey);
    assert_eq!(doc.str(doc.get(doc.root.unwrap(), "a").unwrap()), Some("1"));
    let doc = parse("x: &x {a: 1}\ny: &y {b: 1}\nz:\n  <<: *x\n  <<: *y\n");
    assert!(doc.issues.iter().any(|i| i.code == IssueCode::DuplicateMergeKey));
    let doc = parse("z:\n  <<: 3\n");
    assert!(doc.issues.iter().any(|i| i.code == IssueCode::InvalidMerge));
}

#[test]
fn syntax_error_keeps_partial_tree() {
    let src = "services:\n  web:\n    image: a\n  db: [unclosed\n";
    let doc = parse(src);
    assert!(doc.issues.iter().any(|i| i.code == IssueCode::Syntax));
    let web = doc.path(doc.root.unwrap(), &["services", "web"]).unwrap();
    assert_eq!(doc.str(doc.get(web, "image").unwrap()), Some("a"));
    for i in &doc.issues {
        assert!(i.span.end <= src.len());
    }
}

#[test]
fn tabs_crlf_bom_multidoc() {
    let doc = parse("a:\n\t- 1\n");
    assert_eq!(doc.issues[0].code, IssueCode::Tab);
    let src = "\u{feff}a: 1\r\nb: \"x\"\r\n";
    let doc = parse(src);
    assert!(doc.bom && doc.issues.is_empty());
    let b = doc.get(doc.root.unwrap(), "b").unwrap();
    assert_eq!(doc.span(b).text(src), "\"x\"");
    let doc = parse("a: 1\n---\nb: 2\n");
    assert_eq!(doc.issues[0].code, IssueCode::MultiDocument);
    assert!(doc.get(doc.root.unwrap(), "a").is_some());
}

#[test]
fn alias_bomb_is_bounded() {
    let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for c in 'b'..='m' {
        src.push_str(&format!(
            "{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
        prev = c;
    }
    let doc = parse(&src);
    assert!(doc.issues.iter().any(|i| i.code == IssueCode::AliasBudget));
    assert_eq!(doc.issues.iter().filter(|i| i.code == IssueCode::AliasBudget).count(), 1);
    // self-reference
    let doc = parse("a: &x [*x]\n");
    assert!(doc.issues.iter().any(|i| i.code == IssueCode::RecursiveAlias));
}

#[test]
fn deep_nesting_is_cut() {
    let src = format!("a: {}{}\n", "[".repeat(5000), "]".repeat(5000));
    let doc = parse(&src);
    assert!(doc.issues.iter().any(|i| i.code == IssueCode::TooDeep));
    let mut src = String::new();
    for i in 0..300 {
        src.push_str(&" ".repeat(i));
        src.push_str("- \n");
    }
    let doc = parse(&src);
    assert!(doc.issues.iter().any(|i| i.code == IssueCode::TooDeep), "{:?}", doc.issues);
}

#[test]
fn yaml11_readings() {
    assert_eq!(yaml11_reading("yes"), Some(Yaml11::Bool(true)));
    assert_eq!(yaml11_reading("off"), Some(Yaml11::Bool(false)));
    assert_eq!(yaml11_reading("0440"), Some(Yaml11::Octal(0o440)));
    assert_eq!(yaml11_reading("22:22"), Some(Yaml11::Sexagesimal));
    assert_eq!(yaml11_reading("8080:80"), None);
    assert_eq!(yaml11_reading("80:80"), None);
    assert_eq!(yaml11_reading("true"), None);
    assert_eq!(plain_type("1.5"), PlainType::Float);
    assert_eq!(plain_type("1e3"), PlainType::Float);
    assert_eq!(plain_type("12"), PlainType::Int);
    assert_eq!(plain_type("1.2.3"), PlainType::Str);
}

#[test]
fn closing_bracket_at_key_indentation_is_accepted_like_go_yaml() {
    let src = "a:\n  test: [\n      \"x\",\n      \"y\",\n  ]\n  b: 1\n";
    let doc = parse(src);
    assert!(doc.issues.is_empty(), "{:?}", doc.issues);
    let a = doc.get(doc.root.unwrap(), "a").unwrap();
    assert_eq!(doc.items(doc.get(a, "test").unwrap()).len(), 2);
    assert_eq!(doc.span(doc.get(a, "b").unwrap()).text(src), "1");
    // with a comment on the line before, it stays an error
    let doc = parse("a:\n  test: [\n      \"x\", # c\n  ]\n");
    assert!(!doc.issues.is_empty());
}
