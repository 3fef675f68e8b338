import QuartzCron

/// Validates the six schedule strings of a create or modify call as a Quartz cron
/// expression and normalises them as the server stores them: trimmed, month and weekday
/// names upper-cased, and numeric days of the week in plain lists and ranges written as
/// names (`2-6` is stored as `MON-FRI`). The last is a normalisation clients do not do,
/// so jmr-apply's read-back warnings have something real to report.
enum ScheduleValidation {
    static func normalize(_ fields: ScheduleFields) throws(APIError) -> [String] {
        do throws(CronError) {
            _ = try CronExpression(fields: fields.values)
        } catch {
            guard let index = error.fieldIndex, ScheduleFields.names.indices.contains(index) else {
                throw .invalidArgument("invalid schedule: \(error.message)")
            }
            throw .invalidArgument(
                "invalid schedule: \(ScheduleFields.names[index]) '\(fields.values[index])': \(error.message) "
                    + "(at offset \(error.offsetInField))"
            )
        }
        var stored = fields.values.map(CronExpression.normalizedField)
        stored[5] = weekdayNames(stored[5])
        return stored
    }

    private static let weekdays = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    /// `2-6` -> `MON-FRI`, `1,7` -> `SUN,SAT`; anything with `L`, `#`, `/`, `*` or `?` is kept.
    static func weekdayNames(_ field: String) -> String {
        guard !field.isEmpty, field.allSatisfy({ $0.isNumber || $0 == "," || $0 == "-" }) else { return field }
        var out = ""
        var digits = ""
        func flush() {
            if let day = Int(digits), (1...7).contains(day) { out += weekdays[day - 1] } else { out += digits }
            digits = ""
        }
        for character in field {
            if character.isNumber {
                digits.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return out
    }
}
