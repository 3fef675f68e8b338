// Placeholder until the module lands.
enum PlanConfigModulePlaceholder {}
