import QuartzCron
import YAML

extension FileDecoder {
    /// `schedule`: a six-field Quartz string, or a mapping with the API's field names.
    func schedule(_ node: Node) -> Schedule? {
        switch node.content {
        case .scalar where !node.isNull:
            return scheduleString(node)
        case .mapping(let pairs):
            return scheduleFields(node, pairs)
        default:
            error("schedule must be a Quartz expression such as \"0 30 2 * * ?\" or a mapping of time, minute, hour, day, month and week, found \(node.kindDescription)", at: node)
            return nil
        }
    }

    private func scheduleString(_ node: Node) -> Schedule? {
        guard let expression = text(node, "schedule") else { return nil }
        if let schedule = parsedSchedules[expression] {
            return schedule
        }
        do {
            let cron = try CronExpression(expression)
            let schedule = Schedule(fields: cron.fields)
            parsedSchedules[expression] = schedule
            return schedule
        } catch {
            // Offsets map onto the source only when no interpolation changed the text.
            let mapsOntoSource = node.scalar?.value == expression
            let at = mapsOntoSource ? location(of: node, offset: error.offset) : location(node.mark)
            self.error("invalid schedule: \(error.message)", at: at)
            return nil
        }
    }

    private func scheduleFields(_ node: Node, _ pairs: [Pair]) -> Schedule? {
        var values = [String?](repeating: nil, count: 6)
        var nodes = [Node?](repeating: nil, count: 6)
        var complete = true
        for pair in pairs {
            guard let key = key(pair.key) else { continue }
            guard let index = Schedule.fieldNames.firstIndex(of: key) else {
                unknownKey(key, at: pair.key, allowed: Schedule.fieldNames, context: "schedule")
                complete = false
                continue
            }
            nodes[index] = pair.value
            values[index] = text(pair.value, "schedule.\(key)")
            if values[index] == nil { complete = false }
        }
        let absent = Schedule.fieldNames.indices.filter { nodes[$0] == nil }
        if !absent.isEmpty {
            let list = absent.map { "'\(Schedule.fieldNames[$0])'" }.joined(separator: ", ")
            error("schedule is missing \(list); a schedule mapping needs time, minute, hour, day, month and week", at: node)
            return nil
        }
        guard complete else { return nil }
        let fields = values.map { $0! }
        do {
            let cron = try CronExpression(fields: fields)
            return Schedule(fields: cron.fields)
        } catch {
            if let index = error.fieldIndex, let fieldNode = nodes[index] {
                let mapsOntoSource = fieldNode.scalar?.value == fields[index]
                let at = mapsOntoSource ? location(of: fieldNode, offset: error.offsetInField) : location(fieldNode.mark)
                self.error("invalid schedule.\(Schedule.fieldNames[index]): \(error.message)", at: at)
            } else {
                self.error("invalid schedule: \(error.message)", at: node)
            }
            return nil
        }
    }
}
