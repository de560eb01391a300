/* A shared library that is not a Bulwark plugin: it exports no entry symbol. */
__attribute__((visibility("default"))) int not_a_bulwark_plugin(void) {
  return 42;
}
