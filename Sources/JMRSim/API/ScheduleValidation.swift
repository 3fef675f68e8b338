/// Validates and normalises the six schedule strings of a create or modify call.
///
/// Interim rules until the QuartzCron module lands: every field non-empty without inner
/// whitespace, exactly one of `day`/`week` is `?`; normalising trims and upper-cases.
enum ScheduleValidation {
    static func normalize(_ fields: ScheduleFields) throws(APIError) -> [String] {
        var normalized: [String] = []
        for (name, value) in zip(ScheduleFields.names, fields.values) {
            let field = value.trimmingASCIIWhitespace().uppercased()
            guard !field.isEmpty else { throw .invalidArgument("invalid schedule: \(name) must not be empty") }
            guard !field.contains(where: \.isWhitespace) else {
                throw .invalidArgument("invalid schedule: \(name) '\(value)' contains whitespace")
            }
            normalized.append(field)
        }
        if (normalized[3] == "?") == (normalized[5] == "?") {
            throw .invalidArgument("invalid schedule: exactly one of day and week must be '?'")
        }
        return normalized
    }
}
