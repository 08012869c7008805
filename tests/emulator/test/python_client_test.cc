// A second real client besides kubectl: the official Kubernetes Python
// client (Debian's python3-kubernetes) watching, applying server-side,
// scaling through the scale subresource and following logs
// (clients/python_client_check.py). Skipped, saying why, without it.
#include "fixtures/build_paths.h"
#include "test_support.h"

namespace qareports::emulator::testing {
namespace {

TEST(PythonClientTest, WatchApplyScaleAndFollowedLogsAsTheOfficialClientSeesThem) {
  // Debian's python3-* packages are for /usr/bin/python3.
  auto probe = RunProcess({"/usr/bin/python3", "-c", "import kubernetes"}, {}, 30);
  if (probe.exit_code != 0) {
    std::printf("SKIPPED: the Kubernetes Python client is not installed (apt-get install python3-kubernetes)\n");
    GTEST_SKIP() << "no python3-kubernetes for /usr/bin/python3";
  }
  Emulator emu(Emulator::Options{"", 10.0, "", ""});
  QAREPORTS_START(emu);
  std::string script = std::string(QAREPORTS_SOURCE_DIR) + "/tests/emulator/test/clients/python_client_check.py";
  auto r = RunProcess({"/usr/bin/python3", script, emu.kubeconfig(), "python-client"}, {}, 120);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* check : {"watch", "server-side apply", "apply conflict", "apply force", "read scale",
                            "patch scale", "logs follow", "logs follow ends with the pod"})
    EXPECT_NE(r.out.find(std::string("ok ") + check + "\n"), std::string::npos) << check << " in\n" << r.out << r.err;
}

}  // namespace
}  // namespace qareports::emulator::testing
