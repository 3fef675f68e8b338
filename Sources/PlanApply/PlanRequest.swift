import Foundation
import JMRAPI
import PlanConfig

/// The mapping from a declared plan to the API's wire model, in one place.
enum PlanRequest {
    /// `cronJob:create`: creates without `planId`, updates with one.
    static func create(name: String, spec: PlanSpec, region: String, planId: Int64?) -> CreateCronJobRequest {
        let schedule = spec.schedule
        return CreateCronJobRequest(
            day: schedule.day, hour: schedule.hour, minute: schedule.minute, month: schedule.month,
            time: schedule.time, week: schedule.week,
            jmrPlanViewModel: JmrPlanViewModel(
                az: spec.az, clusterId: spec.cluster, clusterName: spec.clusterName, dataCenter: region,
                description: spec.description, failurePolicy: spec.failurePolicy, isSync: spec.sync,
                jobGroup: spec.jobGroup, jobIds: spec.jobIds, jobTrigger: spec.trigger, planId: planId,
                planName: name, planType: spec.type
            )
        )
    }

    /// The server's plan as a spec, for comparing with what was declared or recorded.
    /// Fields the server leaves out keep `fallback`'s value, so an omitted field is never drift.
    static func spec(from server: JmrPlanViewModel, fallback: PlanSpec) -> PlanSpec {
        var spec = fallback
        if let cluster = server.clusterId { spec.cluster = cluster }
        if let ids = server.jobIds {
            spec.jobs = ids.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let expression = server.cronExpression {
            let fields = expression.split(whereSeparator: \.isWhitespace).map(String.init)
            if fields.count == 6 { spec.schedule = Schedule(fields: fields) }
        }
        if let value = server.description { spec.description = value.isEmpty && fallback.description == nil ? nil : value }
        if let value = server.failurePolicy { spec.failurePolicy = value }
        if let value = server.planType { spec.type = value }
        if let value = server.az { spec.az = value }
        if let value = server.clusterName { spec.clusterName = value }
        if let value = server.jobGroup { spec.jobGroup = value }
        if let value = server.jobTrigger { spec.trigger = value }
        if let value = server.isSync { spec.sync = value == false && fallback.sync == nil ? nil : value }
        if let paused = APIAssumptions.isPaused(server.planStatus) { spec.enabled = !paused }
        return spec
    }
}
