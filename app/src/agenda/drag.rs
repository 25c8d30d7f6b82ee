//! Dragging a session on the organizers' agenda grid: an island placed once on the editor page.
//!
//! Each session has a handle (hidden without script). Dragging it (mouse, pen or finger: pointer
//! events, so phones work too) onto a free cell of the grid opens the move preview for that day, time
//! and room, which the server renders with the conflicts the move would cause; nothing is saved until
//! the organizer confirms there. Without script the same preview is reached from "Dời" and a form or
//! a cell link.

use leptos::prelude::*;

#[island(lazy)]
pub fn AgendaDrag() -> impl IntoView {
    let marker = NodeRef::<leptos::html::Span>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if marker.get().is_some() {
            browser::attach();
        }
    });
    view! { <span class="agenda-drag" hidden node_ref=marker></span> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use web_sys::{Element, HtmlElement, PointerEvent};

    /// The drag under way: the session, its floating copy, and where the pointer took hold of it.
    struct Drag {
        session: String,
        ghost: HtmlElement,
        dx: f64,
        dy: f64,
    }

    pub fn attach() {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let state: Rc<RefCell<Option<Drag>>> = Rc::new(RefCell::new(None));
        let Ok(grips) = document.query_selector_all(".grid-session .grip") else { return };
        for i in 0..grips.length() {
            if let Some(grip) = grips.item(i).and_then(|g| g.dyn_into::<HtmlElement>().ok()) {
                grip.set_hidden(false);
            }
        }
        let down = {
            let state = state.clone();
            Closure::<dyn FnMut(PointerEvent)>::new(move |ev: PointerEvent| start(&state, ev))
        };
        let moved = {
            let state = state.clone();
            Closure::<dyn FnMut(PointerEvent)>::new(move |ev: PointerEvent| follow(&state, &ev))
        };
        let up = {
            let state = state.clone();
            Closure::<dyn FnMut(PointerEvent)>::new(move |ev: PointerEvent| drop_at(&state, &ev))
        };
        let _ = document.add_event_listener_with_callback("pointerdown", down.as_ref().unchecked_ref());
        let _ = document.add_event_listener_with_callback("pointermove", moved.as_ref().unchecked_ref());
        let _ = document.add_event_listener_with_callback("pointerup", up.as_ref().unchecked_ref());
        down.forget();
        moved.forget();
        up.forget();
    }

    fn start(state: &Rc<RefCell<Option<Drag>>>, ev: PointerEvent) {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if target.closest(".grip").ok().flatten().is_none() {
            return;
        }
        let Some(card) = target.closest(".grid-session").ok().flatten().and_then(|c| c.dyn_into::<HtmlElement>().ok())
        else {
            return;
        };
        let Some(session) = card.get_attribute("data-session") else { return };
        ev.prevent_default();
        let rect = card.get_bounding_client_rect();
        let Some(ghost) = card.clone_node_with_deep(true).ok().and_then(|g| g.dyn_into::<HtmlElement>().ok()) else {
            return;
        };
        let _ = ghost.class_list().add_1("dragging");
        let _ = ghost.remove_attribute("id");
        let _ = ghost.set_attribute("aria-hidden", "true");
        let style = ghost.style();
        let _ = style.set_property("position", "fixed");
        let _ = style.set_property("width", &format!("{}px", rect.width()));
        let _ = style.set_property("height", &format!("{}px", rect.height()));
        let _ = style.set_property("left", &format!("{}px", rect.left()));
        let _ = style.set_property("top", &format!("{}px", rect.top()));
        let _ = style.set_property("margin", "0");
        let _ = style.set_property("pointer-events", "none");
        let _ = style.set_property("z-index", "50");
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.append_child(&ghost);
        }
        let (dx, dy) = (ev.client_x() as f64 - rect.left(), ev.client_y() as f64 - rect.top());
        *state.borrow_mut() = Some(Drag { session, ghost, dx, dy });
    }

    fn follow(state: &Rc<RefCell<Option<Drag>>>, ev: &PointerEvent) {
        let Some(drag) = state.borrow().as_ref().map(|d| (d.ghost.clone(), d.dx, d.dy)) else { return };
        let (ghost, dx, dy) = drag;
        let style = ghost.style();
        let _ = style.set_property("left", &format!("{}px", ev.client_x() as f64 - dx));
        let _ = style.set_property("top", &format!("{}px", ev.client_y() as f64 - dy));
        highlight(cell_at(ev.client_x(), ev.client_y() - dy as i32 + 4).as_ref());
    }

    /// The grid cell where the session's top edge is (the time it would start). A cell may lie under
    /// another session's card (a time already taken, whose conflicts the preview shows), so the cell is
    /// looked for among everything at that point, not only the topmost element.
    fn cell_at(x: i32, y: i32) -> Option<Element> {
        let document = web_sys::window()?.document()?;
        document
            .elements_from_point(x as f32, y as f32)
            .iter()
            .filter_map(|hit| hit.dyn_into::<Element>().ok())
            .find_map(|hit| hit.closest(".grid-cell").ok().flatten())
    }

    fn highlight(cell: Option<&Element>) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        if let Ok(Some(old)) = document.query_selector(".grid-cell.over") {
            let _ = old.class_list().remove_1("over");
        }
        if let Some(cell) = cell {
            let _ = cell.class_list().add_1("over");
        }
    }

    fn drop_at(state: &Rc<RefCell<Option<Drag>>>, ev: &PointerEvent) {
        let Some(drag) = state.borrow_mut().take() else { return };
        drag.ghost.remove();
        let cell = cell_at(ev.client_x(), ev.client_y() - drag.dy as i32 + 4);
        highlight(None);
        let Some(cell) = cell else { return };
        let (Some(day), Some(start)) = (cell.get_attribute("data-day"), cell.get_attribute("data-start")) else {
            return;
        };
        let room = cell.get_attribute("data-room").unwrap_or_default();
        let Some(window) = web_sys::window() else { return };
        let path = window.location().pathname().unwrap_or_default();
        let to = format!("{path}?move={}&day={day}&start={start}&room_id={room}#move", drag.session);
        let _ = window.location().assign(&to);
    }
}
