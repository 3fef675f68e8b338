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

    /// The fields where a server plan differs from `spec` (normalised on both sides).
    /// Fields the server leaves out are not counted as differences.
    static func differences(server: JmrPlanViewModel, spec: PlanSpec) -> [String] {
        var fields: [String] = []
        func check(_ name: String, _ serverValue: String?, _ declared: String?) {
            guard let serverValue else { return }
            if serverValue != (declared ?? "") { fields.append(name) }
        }
        check("cluster", server.clusterId, spec.cluster)
        check("jobs", server.jobIds.map(normaliseJobIds), spec.jobIds)
        check("schedule", server.cronExpression.map(normaliseExpression), spec.schedule.description)
        check("description", server.description, spec.description)
        check("failurePolicy", server.failurePolicy, spec.failurePolicy)
        check("type", server.planType, spec.type)
        check("az", server.az, spec.az)
        check("clusterName", server.clusterName, spec.clusterName)
        check("jobGroup", server.jobGroup, spec.jobGroup)
        check("trigger", server.jobTrigger, spec.trigger)
        if let sync = server.isSync, sync != (spec.sync ?? false) { fields.append("sync") }
        return fields
    }

    private static func normaliseJobIds(_ ids: String) -> String {
        ids.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ",")
    }

    private static func normaliseExpression(_ expression: String) -> String {
        let fields = expression.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 6 else { return expression }
        return Schedule(fields: fields).description
    }
}
