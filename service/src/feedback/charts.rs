//! Bar charts as SVG text, drawn on the server: readable without JavaScript, in print and in the PDF
//! report's source data. Horizontal bars, one per label, with the count and share written beside each.

use hoinghi_domain::html::escape_text as escape;

/// A chart of `(label, count)` bars.
pub fn bar_chart(data: &[(String, i64)]) -> String {
    const WIDTH: i64 = 560;
    const LABEL: i64 = 200;
    const BAR: i64 = 22;
    const GAP: i64 = 8;
    let total: i64 = data.iter().map(|(_, c)| *c).sum();
    let max = data.iter().map(|(_, c)| *c).max().unwrap_or(0).max(1);
    let height = data.len() as i64 * (BAR + GAP) + GAP;
    let room = WIDTH - LABEL - 90;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\">"
    );
    let summary: Vec<String> = data.iter().map(|(l, c)| format!("{l}: {c}")).collect();
    svg.push_str(&format!("<title>{}</title>", escape(&summary.join("; "))));
    for (i, (label, count)) in data.iter().enumerate() {
        let y = GAP + i as i64 * (BAR + GAP);
        let w = if *count > 0 { (count * room / max).max(2) } else { 0 };
        let share = if total > 0 { count * 100 / total } else { 0 };
        let short: String = label.chars().take(30).collect();
        let short = if short.chars().count() < label.chars().count() { format!("{short}…") } else { short };
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\">{}</text>",
            LABEL - 8,
            y + BAR - 6,
            escape(&short)
        ));
        svg.push_str(&format!("<rect x=\"{LABEL}\" y=\"{y}\" width=\"{w}\" height=\"{BAR}\" fill=\"#9b1c1c\"/>"));
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"13\">{count} ({share}%)</text>",
            LABEL + w + 6,
            y + BAR - 6
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_proportional_and_labels_escaped() {
        let svg = bar_chart(&[("<b>Tốt</b>".into(), 3), ("Khá".into(), 1), ("Kém".into(), 0)]);
        assert!(svg.contains("&lt;b&gt;Tốt&lt;/b&gt;") && !svg.contains("<b>"));
        assert!(svg.contains("width=\"270\"") && svg.contains("width=\"90\""), "{svg}");
        assert!(svg.contains("3 (75%)") && svg.contains("0 (0%)"));
    }
}
