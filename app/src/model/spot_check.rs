//! The random draw of a spot check (双随机): which market entities are inspected and by
//! which two inspectors, drawn so that anyone can re-run it from the public record.
//!
//! Before the draw the department publishes a commitment: the SHA-256 of the draw's
//! secret seed and its inputs in their canonical order ([`DrawInput::commitment`]). At the
//! draw it reveals the seed; [`draw`] turns the seed and the inputs into the tasks. Nothing
//! else goes in, so the same record always gives the same tasks, and a seed chosen after
//! seeing the inputs would not match the commitment. `docs/spot-check.md` specifies every
//! byte, with a test vector that this module's tests check and a re-run in a few lines of
//! Python.

use sha2::{Digest, Sha256};

use super::signature::Canonical;

/// Marks the layout version of the draw's bytes and random stream.
pub const DRAW_CONTEXT: &str = "anma.draw.v1";

/// What a draw is made from, each list sorted and without repeats (see
/// [`DrawInput::new`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawInput {
    /// The plan's id.
    pub plan: i64,
    /// The entities that may be drawn (unified social credit codes): the plan's
    /// population, less those at their yearly limit or inspected recently.
    pub entities: Vec<String>,
    /// How many entities to draw (at most all of them).
    pub targets: usize,
    /// The inspectors that may be drawn (certificate numbers).
    pub inspectors: Vec<String>,
    /// Inspectors who must not inspect an entity: (certificate number, credit code).
    pub conflicts: Vec<(String, String)>,
}

/// Why a draw cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    #[error("the plan asks for {asked} targets but only {eligible} entities may be drawn")]
    TooFewEntities { asked: usize, eligible: usize },
    #[error("entity {entity} has fewer than two inspectors without a conflict")]
    TooFewInspectors { entity: String },
}

/// One drawn inspection: the entity and its two inspectors, in the order drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawnTask {
    pub entity: String,
    pub inspectors: [String; 2],
}

impl DrawInput {
    /// The inputs in canonical form: every list sorted, each item once.
    pub fn new(
        plan: i64,
        mut entities: Vec<String>,
        targets: usize,
        mut inspectors: Vec<String>,
        mut conflicts: Vec<(String, String)>,
    ) -> Self {
        entities.sort();
        entities.dedup();
        inspectors.sort();
        inspectors.dedup();
        conflicts.sort();
        conflicts.dedup();
        Self {
            plan,
            entities,
            targets,
            inspectors,
            conflicts,
        }
    }

    /// The bytes the commitment covers: the context, the plan id and the target count as
    /// decimal text, then each list as its item count followed by its items, every text
    /// as a 4-byte big-endian length and its UTF-8 bytes (a conflict is two texts).
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let mut out = Canonical::default();
        out.text(DRAW_CONTEXT);
        out.text(&self.plan.to_string());
        out.text(&self.targets.to_string());
        out.list(&self.entities);
        out.list(&self.inspectors);
        out.count(self.conflicts.len());
        for (inspector, entity) in &self.conflicts {
            out.text(inspector);
            out.text(entity);
        }
        out.into_bytes()
    }

    /// SHA-256 of the seed followed by the canonical bytes, published before the draw.
    pub fn commitment(&self, seed: &[u8; 32]) -> [u8; 32] {
        let mut hash = Sha256::new();
        hash.update(seed);
        hash.update(self.canonical_bytes());
        hash.finalize().into()
    }

    fn conflicted(&self, inspector: &str, entity: &str) -> bool {
        self.conflicts
            .binary_search_by(|(i, e)| (i.as_str(), e.as_str()).cmp(&(inspector, entity)))
            .is_ok()
    }
}

/// The random numbers of a draw: SHA-256 in counter mode over the seed. Block `k` is
/// `SHA-256(seed ‖ "anma.draw.v1" ‖ k as 8 bytes big-endian)`, read as four 64-bit
/// big-endian numbers, blocks in order.
pub struct Stream {
    seed: [u8; 32],
    block: u64,
    buffer: [u8; 32],
    used: usize,
}

impl Stream {
    pub fn new(seed: &[u8; 32]) -> Self {
        Self {
            seed: *seed,
            block: 0,
            buffer: [0; 32],
            used: 32,
        }
    }

    /// The next 64-bit number.
    pub fn next_u64(&mut self) -> u64 {
        if self.used == 32 {
            let mut hash = Sha256::new();
            hash.update(self.seed);
            hash.update(DRAW_CONTEXT.as_bytes());
            hash.update(self.block.to_be_bytes());
            self.buffer = hash.finalize().into();
            self.block += 1;
            self.used = 0;
        }
        let mut word = [0u8; 8];
        word.copy_from_slice(&self.buffer[self.used..self.used + 8]);
        self.used += 8;
        u64::from_be_bytes(word)
    }

    /// A number in `0..n` (n ≥ 1), without bias: numbers at or above the largest multiple
    /// of `n` below 2^64 are thrown away and the next one taken.
    pub fn below(&mut self, n: u64) -> u64 {
        let zone = u64::MAX - (u64::MAX % n + 1) % n;
        loop {
            let x = self.next_u64();
            if x <= zone {
                return x % n;
            }
        }
    }

    /// Shuffles `items` in place (Fisher–Yates: for i from the last index down to 1, swap
    /// item i with item `below(i + 1)`).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// Draws the tasks: the entities, sorted by credit code, are shuffled and the first
/// `targets` of them taken in that order; then for each of them in turn the inspectors
/// without a conflict with it, sorted by certificate number, are shuffled and the first
/// two taken. All from one [`Stream`] over the seed.
pub fn draw(input: &DrawInput, seed: &[u8; 32]) -> Result<Vec<DrawnTask>, DrawError> {
    if input.targets > input.entities.len() {
        return Err(DrawError::TooFewEntities {
            asked: input.targets,
            eligible: input.entities.len(),
        });
    }
    let mut stream = Stream::new(seed);
    let mut entities = input.entities.clone();
    stream.shuffle(&mut entities);
    entities
        .into_iter()
        .take(input.targets)
        .map(|entity| {
            let mut pool: Vec<&String> = input
                .inspectors
                .iter()
                .filter(|i| !input.conflicted(i, &entity))
                .collect();
            if pool.len() < 2 {
                return Err(DrawError::TooFewInspectors { entity });
            }
            stream.shuffle(&mut pool);
            let inspectors = [pool[0].clone(), pool[1].clone()];
            Ok(DrawnTask { entity, inspectors })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> DrawInput {
        DrawInput::new(
            7,
            (1..=12).map(|k| format!("E{k:02}")).collect(),
            4,
            vec!["C3".into(), "C1".into(), "C2".into(), "C4".into()],
            vec![("C1".into(), "E05".into())],
        )
    }

    fn seed() -> [u8; 32] {
        let mut seed = [0u8; 32];
        for (k, b) in seed.iter_mut().enumerate() {
            *b = k as u8;
        }
        seed
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The test vector of docs/spot-check.md, which its Python re-run reproduces.
    #[test]
    fn the_documented_vector_is_reproduced() {
        let input = input();
        assert_eq!(
            hex(&input.commitment(&seed())),
            include_str!("../../../docs/spot-check-vector/commitment.txt").trim()
        );
        let tasks = draw(&input, &seed()).unwrap();
        let text: Vec<String> = tasks
            .iter()
            .map(|t| format!("{} {} {}", t.entity, t.inspectors[0], t.inspectors[1]))
            .collect();
        assert_eq!(
            text.join("\n"),
            include_str!("../../../docs/spot-check-vector/tasks.txt").trim()
        );
    }

    #[test]
    fn the_same_record_gives_the_same_draw_and_another_seed_another() {
        let a = draw(&input(), &seed()).unwrap();
        assert_eq!(a, draw(&input(), &seed()).unwrap());
        let mut other = seed();
        other[0] ^= 1;
        assert_ne!(a, draw(&input(), &other).unwrap());
        // The order inputs arrive in does not matter.
        let shuffled = DrawInput::new(
            7,
            (1..=12).rev().map(|k| format!("E{k:02}")).collect(),
            4,
            vec![
                "C4".into(),
                "C2".into(),
                "C1".into(),
                "C3".into(),
                "C2".into(),
            ],
            vec![("C1".into(), "E05".into())],
        );
        assert_eq!(a, draw(&shuffled, &seed()).unwrap());
    }

    #[test]
    fn targets_are_distinct_and_inspectors_avoid_their_conflicts() {
        for s in 0..200u8 {
            let mut seed = seed();
            seed[31] = s;
            let tasks = draw(&input(), &seed).unwrap();
            assert_eq!(tasks.len(), 4);
            let mut drawn: Vec<&str> = tasks.iter().map(|t| t.entity.as_str()).collect();
            drawn.sort();
            drawn.dedup();
            assert_eq!(drawn.len(), 4);
            for t in &tasks {
                assert_ne!(t.inspectors[0], t.inspectors[1]);
                if t.entity == "E05" {
                    assert!(!t.inspectors.contains(&"C1".to_owned()));
                }
            }
        }
    }

    #[test]
    fn the_commitment_binds_seed_and_inputs() {
        let mut more = input();
        more.targets = 5;
        assert_ne!(input().commitment(&seed()), more.commitment(&seed()));
        let mut other = seed();
        other[5] = 99;
        assert_ne!(input().commitment(&seed()), input().commitment(&other));
    }

    #[test]
    fn draws_that_cannot_be_made_say_why() {
        let mut i = input();
        i.targets = 13;
        assert_eq!(
            draw(&i, &seed()),
            Err(DrawError::TooFewEntities {
                asked: 13,
                eligible: 12
            })
        );
        let i = DrawInput::new(
            1,
            vec!["E1".into()],
            1,
            vec!["C1".into(), "C2".into()],
            vec![("C2".into(), "E1".into())],
        );
        assert_eq!(
            draw(&i, &seed()),
            Err(DrawError::TooFewInspectors {
                entity: "E1".into()
            })
        );
    }

    #[test]
    fn below_is_in_range_and_even() {
        let mut stream = Stream::new(&seed());
        let mut counts = [0u32; 6];
        for _ in 0..60_000 {
            counts[stream.below(6) as usize] += 1;
        }
        for c in counts {
            assert!((9_400..10_600).contains(&c), "{counts:?}");
        }
    }
}
