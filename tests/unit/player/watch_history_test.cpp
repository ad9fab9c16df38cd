// placeholder until the real tests land
#include <doctest/doctest.h>
