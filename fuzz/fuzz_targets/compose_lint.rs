//! The YAML layer and the compose rules never panic; every node, issue and finding span is
//! in bounds; the default-policy report agrees with the all-rules run on what it reports.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seaworthy::rules::compose::lint_compose_with;
use seaworthy::{lint_source, yaml, FileKind};
use seaworthy_fuzz::check_diagnostics;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let doc = yaml::parse(&src);
    for n in &doc.nodes {
        assert!(n.span.start <= n.span.end && n.span.end <= src.len(), "node span {:?}", n.span);
        assert!(src.is_char_boundary(n.span.start) && src.is_char_boundary(n.span.end));
    }
    for i in &doc.issues {
        assert!(i.span.start <= i.span.end && i.span.end <= src.len(), "issue span {:?}", i.span);
        assert!(src.is_char_boundary(i.span.start) && src.is_char_boundary(i.span.end));
    }
    let all = lint_compose_with(&src, &|_| true);
    check_diagnostics(&src, &all);
    let default = lint_source(&src, Some(FileKind::Compose));
    check_diagnostics(&src, &default);
});
