// Placeholder until the module lands.
enum PlanStateModulePlaceholder {}
