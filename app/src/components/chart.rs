//! Bar charts drawn as SVG, each with the same numbers as a table for screen readers and
//! for copying.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// One bar: its label, the value that sets its length, and the text shown for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub shown: String,
}

const WIDTH: i64 = 640;
const LABEL: i64 = 190;
const ROW: i64 = 26;

/// Horizontal bars, longest scaled to the width, with a data-table alternative.
#[component]
pub fn BarChart(#[prop(into)] title: String, id: &'static str, bars: Vec<Bar>) -> impl IntoView {
    let i18n = use_i18n();
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let height = ROW * bars.len() as i64 + 8;
    let plot = WIDTH - LABEL - 120;
    let title_id = format!("{id}-title");
    let rows = bars.clone();
    view! {
        <figure class="chart" aria-labelledby=title_id.clone()>
            <figcaption id=title_id.clone()>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby=title_id.clone()
                preserveAspectRatio="xMinYMin meet">
                {bars.into_iter().enumerate().map(|(i, b)| {
                    let y = 4 + ROW * i as i64;
                    let w = (b.value * plot / max).max(if b.value > 0 { 2 } else { 0 });
                    view! {
                        <g>
                            <text x=LABEL - 8 y=y + 17 text-anchor="end" class="chart-label">{b.label}</text>
                            <rect x=LABEL y=y + 3 width=w height=ROW - 8 rx="3" class="chart-bar"></rect>
                            <text x=LABEL + w + 6 y=y + 17 class="chart-value">{b.shown}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <details>
                <summary>{move || i18n.t().stats_table()}</summary>
                <table>
                    <caption>{title}</caption>
                    <thead><tr><th scope="col">{move || i18n.t().stats_label()}</th><th scope="col">{move || i18n.t().stats_count()}</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|b| view! { <tr><th scope="row">{b.label}</th><td>{b.shown}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}
