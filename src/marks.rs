//! Where the reader has been: places named with a letter, the places before each jump in a
//! document (`''` goes to the last; Backspace walks back through them and forward again),
//! and the [`Trail`] both those jumps and the documents links lead to are kept on (the
//! event loop walks on from a document's first jump to the document before). Places are
//! source offsets, so they hold at every width.

use crate::state::Place;
use std::collections::BTreeMap;

/// The way back and forward: what was left at each step, the latest last, at most `keep`
/// of them. The reader's jumps in a document are one ([`Marks`]); the documents links led
/// to are another (the event loop's).
#[derive(Clone, Debug, PartialEq)]
pub struct Trail<T> {
    back: Vec<T>,
    forward: Vec<T>,
    keep: usize,
}

impl<T> Trail<T> {
    pub fn new(keep: usize) -> Trail<T> {
        Trail {
            back: Vec::new(),
            forward: Vec::new(),
            keep: keep.max(1),
        }
    }

    /// Records a step away from `from`: the way back leads there; the way forward ends.
    pub fn went(&mut self, from: T) {
        if self.back.len() == self.keep {
            self.back.remove(0);
        }
        self.back.push(from);
        self.forward.clear();
    }

    /// Steps back (or `forward` again): what the step leads to takes `here`'s place, and
    /// `here` is kept for the step the other way. False, and `here` untouched, when there
    /// is nothing that way.
    pub fn step(&mut self, forward: bool, here: &mut T) -> bool {
        let (from, to) = if forward {
            (&mut self.forward, &mut self.back)
        } else {
            (&mut self.back, &mut self.forward)
        };
        match from.pop() {
            Some(mut there) => {
                std::mem::swap(here, &mut there);
                to.push(there);
                true
            }
            None => false,
        }
    }

    /// What the last step away left.
    pub fn last(&self) -> Option<&T> {
        self.back.last()
    }

    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty()
    }

    pub fn can_go_forward(&self) -> bool {
        !self.forward.is_empty()
    }

    /// Everything on the way back and forward.
    pub fn all_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.back.iter_mut().chain(&mut self.forward)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Marks {
    letters: BTreeMap<char, Place>,
    /// Where the reader was before each jump.
    jumps: Trail<Place>,
}

impl Default for Marks {
    fn default() -> Marks {
        Marks {
            letters: BTreeMap::new(),
            jumps: Trail::new(HISTORY),
        }
    }
}

/// How many places the way back keeps.
const HISTORY: usize = 1000;

impl Marks {
    /// Sets mark `letter` (a–z or A–Z) here; the error is the note to show.
    pub fn set(&mut self, letter: char, here: Place) -> Result<(), String> {
        if !letter.is_ascii_alphabetic() {
            return Err("Marks are letters a–z or A–Z".to_string());
        }
        self.letters.insert(letter, here);
        Ok(())
    }

    /// Where mark `letter` is; the error is the note to show.
    pub fn get(&self, letter: char) -> Result<Place, String> {
        self.letters
            .get(&letter)
            .copied()
            .ok_or_else(|| format!("Mark {letter} is not set"))
    }

    /// Records a jump from `from` to `to` (nothing when they are the same place).
    pub fn jumped(&mut self, from: Place, to: Place) {
        if from != to {
            self.jumps.went(from);
        }
    }

    /// The place before the last jump; the error is the note to show.
    pub fn previous(&self) -> Result<Place, String> {
        self.jumps
            .last()
            .copied()
            .ok_or_else(|| "No earlier place to go back to".to_string())
    }

    /// Steps back from `here` to the place before the last jump (Backspace); `here` can be
    /// come back to with [`Marks::forward`]. The error is the note to show.
    pub fn back(&mut self, here: Place) -> Result<Place, String> {
        let mut place = here;
        match self.jumps.step(false, &mut place) {
            true => Ok(place),
            false => Err("Nothing to go back to".to_string()),
        }
    }

    /// Steps forward again from `here` to where [`Marks::back`] left.
    pub fn forward(&mut self, here: Place) -> Result<Place, String> {
        let mut place = here;
        match self.jumps.step(true, &mut place) {
            true => Ok(place),
            false => Err("Nothing to go forward to".to_string()),
        }
    }

    /// Finds every place's section again by its offset (`section_at`), for a document
    /// sectioned anew (the beginning shown while it loaded, replaced by the whole).
    pub fn renumber(&mut self, section_at: impl Fn(usize) -> usize) {
        let places = self.letters.values_mut().chain(self.jumps.all_mut());
        for place in places {
            place.section = section_at(place.anchor);
        }
    }

    /// Moves every place's offset as `moved` says (the text was changed), for
    /// [`Marks::renumber`] to find their sections again.
    pub fn remap(&mut self, moved: impl Fn(usize) -> usize) {
        let places = self.letters.values_mut().chain(self.jumps.all_mut());
        for place in places {
            place.anchor = moved(place.anchor);
        }
    }

    /// Every mark, by letter.
    pub fn letters(&self) -> impl Iterator<Item = (char, Place)> + '_ {
        self.letters.iter().map(|(c, p)| (*c, *p))
    }

    /// Replaces every mark (a remembered reading coming back), keeping only letters.
    pub fn restore(&mut self, marks: impl IntoIterator<Item = (char, Place)>) {
        self.letters = marks
            .into_iter()
            .filter(|(c, _)| c.is_ascii_alphabetic())
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(anchor: usize) -> Place {
        Place { section: 0, anchor }
    }

    #[test]
    fn marks_are_letters_and_jumps_remember_where_they_came_from() {
        let mut m = Marks::default();
        assert!(m.set('1', at(5)).is_err());
        m.set('a', at(5)).expect("a letter");
        m.set('Z', at(9)).expect("a capital");
        assert_eq!(m.get('a'), Ok(at(5)));
        assert_eq!(m.get('Z'), Ok(at(9)));
        assert!(m.get('b').is_err());
        assert!(m.previous().is_err());
        m.jumped(at(1), at(1));
        assert!(m.previous().is_err(), "no move, no jump");
        m.jumped(at(1), at(7));
        assert_eq!(m.previous(), Ok(at(1)));
    }

    #[test]
    fn a_trail_keeps_its_latest_steps_and_swaps_in_place() {
        let mut trail = Trail::new(2);
        for from in ["a", "b", "c"] {
            trail.went(from.to_string());
        }
        let mut here = "d".to_string();
        assert!(trail.step(false, &mut here));
        assert_eq!(here, "c");
        assert!(trail.step(false, &mut here));
        assert_eq!(here, "b");
        assert!(!trail.step(false, &mut here), "a was let go: two are kept");
        assert_eq!(here, "b", "here untouched");
        assert!(trail.step(true, &mut here) && here == "c");
        assert!(trail.step(true, &mut here) && here == "d");
        assert!(!trail.can_go_forward());
    }

    #[test]
    fn back_and_forward_walk_the_jumps_and_a_new_jump_ends_the_way_forward() {
        let mut m = Marks::default();
        assert!(m.back(at(0)).is_err());
        m.jumped(at(1), at(2));
        m.jumped(at(2), at(3));
        assert_eq!(m.back(at(3)), Ok(at(2)));
        assert_eq!(m.back(at(2)), Ok(at(1)));
        assert!(m.back(at(1)).is_err());
        assert_eq!(m.forward(at(1)), Ok(at(2)));
        assert_eq!(m.forward(at(2)), Ok(at(3)));
        assert!(m.forward(at(3)).is_err());
        m.back(at(3)).expect("back");
        m.jumped(at(2), at(9));
        assert!(m.forward(at(9)).is_err(), "a new jump starts a new way");
        assert_eq!(m.back(at(9)), Ok(at(2)));
    }
}
