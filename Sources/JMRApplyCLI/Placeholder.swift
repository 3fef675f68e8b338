// Placeholder until the module lands.
enum JMRApplyCLIModulePlaceholder {}
