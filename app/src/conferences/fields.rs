//! The fields of a conference, shared by the create and edit forms.

use crate::forms::{SelectField, TextArea, TextField};
use crate::i18n::tr;
use hoinghi_domain::conference::{ConferenceInput, ConferenceKind, limits};
use hoinghi_domain::reference::Agency;
use leptos::prelude::*;

#[component]
pub fn ConferenceFields(values: ConferenceInput, agencies: Vec<Agency>) -> impl IntoView {
    let kinds: Vec<(String, String)> =
        ConferenceKind::ALL.iter().map(|k| (k.as_str().to_string(), tr(k.label_key()))).collect();
    let mut agency_options = vec![(String::new(), tr("conference-agency-none"))];
    agency_options.extend(agencies.into_iter().map(|a| (a.id.to_string(), a.name)));
    let kind =
        if values.kind.is_empty() { ConferenceKind::default().as_str().to_string() } else { values.kind.clone() };
    let time_zone = if values.time_zone.is_empty() { "Asia/Ho_Chi_Minh".to_string() } else { values.time_zone.clone() };
    view! {
        <TextField name="title" label=tr("conference-title") value=values.title required=true max_len=limits::TITLE/>
        <TextField name="slug" label=tr("conference-slug") value=values.slug max_len=limits::SLUG help=tr("conference-slug-help")/>
        <SelectField name="kind" label=tr("conference-kind") options=kinds value=kind/>
        <div class="row">
            <TextField name="starts_on" label=tr("conference-starts-on") kind="date" value=values.starts_on required=true/>
            <TextField name="ends_on" label=tr("conference-ends-on") kind="date" value=values.ends_on required=true/>
        </div>
        <TextField name="time_zone" label=tr("conference-time-zone") value=time_zone help=tr("conference-time-zone-help") max_len=64/>
        <TextField name="venue_name" label=tr("conference-venue-name") value=values.venue_name max_len=limits::VENUE_NAME/>
        <TextField name="venue_address" label=tr("conference-venue-address") value=values.venue_address max_len=limits::VENUE_ADDRESS/>
        <TextField name="capacity" label=tr("conference-capacity") kind="number" value=values.capacity help=tr("conference-capacity-help")/>
        <SelectField name="agency_id" label=tr("conference-agency") options=agency_options value=values.agency_id/>
        <TextArea name="description" label=tr("conference-description") value=values.description max_len=limits::DESCRIPTION rows=6/>
    }
}
