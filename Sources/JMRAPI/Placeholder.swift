// Placeholder until the module lands.
enum JMRAPIModulePlaceholder {}
