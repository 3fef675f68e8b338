// Placeholder until the module lands.
enum PlanApplyModulePlaceholder {}
