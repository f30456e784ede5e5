//! Marks and the way back: places the reader named with a letter, and the place before the
//! last jump (for `''`). Places are source offsets, so they hold at every width.

use crate::state::Place;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Marks {
    letters: BTreeMap<char, Place>,
    /// Where the reader was before the last jump.
    previous: Option<Place>,
}

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
            self.previous = Some(from);
        }
    }

    /// The place before the last jump; the error is the note to show.
    pub fn previous(&self) -> Result<Place, String> {
        self.previous
            .ok_or_else(|| "No earlier place to go back to".to_string())
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
}
