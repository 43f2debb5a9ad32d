import Store

/// The value of `--fixed-clock`: unix seconds (`1767225600`) or an ISO 8601 time
/// (`2026-01-01T00:00:00Z`, an offset such as `+02:00` allowed, fractions dropped).
package enum FixedClock {
    package static func seconds(_ text: String) -> Int64? {
        Int64(text) ?? Timestamp.parse(text)
    }
}
