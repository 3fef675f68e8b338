import QuartzCron

/// Validates the six schedule strings of a create or modify call as a Quartz cron
/// expression and normalises them as the server stores them (trimmed, month and weekday
/// names upper-cased).
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
        return fields.values.map(CronExpression.normalizedField)
    }
}
