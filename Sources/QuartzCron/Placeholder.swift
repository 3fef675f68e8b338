// Placeholder until the module lands.
enum QuartzCronModulePlaceholder {}
