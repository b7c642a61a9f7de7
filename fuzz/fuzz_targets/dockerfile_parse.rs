//! The Dockerfile parser never panics and is lossless: the segments partition the input in
//! order and their texts concatenate to the input; every span of the tree is in bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seaworthy_fuzz::{assert_none, common};

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let df = seaworthy::dockerfile::parse(&src);
    assert_none("segments", common::segment_problems(&df, &src));
    assert_none("tree spans", common::tree_span_problems(&df, &src));
    assert_eq!(df.reconstruct(&src), src);
});
