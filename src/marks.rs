//! Marks and the way back: places the reader named with a letter, and the places before
//! each jump (`''` goes to the last; Backspace walks back through them and forward again).
//! Places are source offsets, so they hold at every width.

use crate::state::Place;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Marks {
    letters: BTreeMap<char, Place>,
    /// Where the reader was before each jump, the latest last.
    back: Vec<Place>,
    /// Places gone back from, the latest last (cleared by a new jump).
    forward: Vec<Place>,
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
            if self.back.len() == HISTORY {
                self.back.remove(0);
            }
            self.back.push(from);
            self.forward.clear();
        }
    }

    /// The place before the last jump; the error is the note to show.
    pub fn previous(&self) -> Result<Place, String> {
        self.back
            .last()
            .copied()
            .ok_or_else(|| "No earlier place to go back to".to_string())
    }

    /// Steps back from `here` to the place before the last jump (Backspace); `here` can be
    /// come back to with [`Marks::forward`]. The error is the note to show.
    pub fn back(&mut self, here: Place) -> Result<Place, String> {
        let place = self
            .back
            .pop()
            .ok_or_else(|| "Nothing to go back to".to_string())?;
        self.forward.push(here);
        Ok(place)
    }

    /// Steps forward again from `here` to where [`Marks::back`] left.
    pub fn forward(&mut self, here: Place) -> Result<Place, String> {
        let place = self
            .forward
            .pop()
            .ok_or_else(|| "Nothing to go forward to".to_string())?;
        self.back.push(here);
        Ok(place)
    }

    /// Finds every place's section again by its offset (`section_at`), for a document
    /// sectioned anew (the beginning shown while it loaded, replaced by the whole).
    pub fn renumber(&mut self, section_at: impl Fn(usize) -> usize) {
        let places = self
            .letters
            .values_mut()
            .chain(&mut self.back)
            .chain(&mut self.forward);
        for place in places {
            place.section = section_at(place.anchor);
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
