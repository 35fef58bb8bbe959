//! End-report rendering: one report warm, a batch of 60, and the memory of a
//! batch of 300 (Typst's cache evicted as we go). Run with
//! `cargo bench -p ineen-core --bench reports`.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use ineen_core::clock::TestClock;
use ineen_core::report::{render, ReportAudience};
use ineen_core::Ineen;

fn rss_mb() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0.0);
    pages * 4096.0 / 1_048_576.0
}

fn benches(c: &mut Criterion) {
    let mut ineen = Ineen::open_in_memory_with(Box::new(TestClock::school_year_start())).expect("store");
    ineen.demo().expect("demo");
    let consented: Vec<uuid::Uuid> = ineen
        .enrolments()
        .expect("list")
        .into_iter()
        .map(|e| e.id)
        .filter(|id| ineen.end_report(*id, ReportAudience::School).is_ok())
        .collect();
    assert!(!consented.is_empty());
    let first = consented[0];
    ineen.end_report_pdf(first, ReportAudience::School).expect("warm-up");

    let mut group = c.benchmark_group("report");
    group.bench_function("one_report_warm", |b| {
        b.iter(|| ineen.end_report_pdf(first, ReportAudience::School).expect("pdf"))
    });
    group.bench_function("preview_svg_warm", |b| {
        b.iter(|| ineen.end_report_preview(first, ReportAudience::School).expect("preview"))
    });
    group.bench_function("word_copy", |b| {
        b.iter(|| ineen.end_report_docx(first, ReportAudience::School).expect("docx"))
    });
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.bench_function("batch_of_60", |b| {
        b.iter(|| {
            for i in 0..60 {
                ineen.end_report_pdf(consented[i % consented.len()], ReportAudience::School).expect("pdf");
                render::evict_cache();
            }
        })
    });
    group.finish();

    let before = rss_mb();
    let started = Instant::now();
    let mut peak = before;
    for i in 0..300 {
        ineen.end_report_pdf(consented[i % consented.len()], ReportAudience::School).expect("pdf");
        render::evict_cache();
        peak = peak.max(rss_mb());
    }
    eprintln!(
        "batch of 300: {:.1} s, resident memory {before:.0} MB before, peak {peak:.0} MB",
        started.elapsed().as_secs_f64()
    );
}

criterion_group!(reports, benches);
criterion_main!(reports);
