/// What a replay does with `<case>.out.jsonl`.
public enum RecordMode: Sendable, Equatable {
    /// Compare the answers with it; a case without one fails.
    case compare
    /// Write it for cases that have none; compare the others.
    case missing
    /// Write it for every case (a reviewer reads the diff before committing).
    case all
}
