// Placeholder until the module lands.
enum PlanDiffModulePlaceholder {}
