// Each kind of error exits with DESIGN.md's number for it, and --help's
// table names every number.
#include "cli/exit_code.h"

#include <gtest/gtest.h>

#include <string>

namespace qareports::testing {
namespace {

TEST(ExitCodeTest, EachErrorKindHasItsContractNumber) {
  EXPECT_EQ(cli::ExitCodeFor(Error::Usage("x")), 64);
  EXPECT_EQ(cli::ExitCodeFor(Error::InvalidInput("x", "f.yml", "a.b")), 65);
  EXPECT_EQ(cli::ExitCodeFor(Error::Unavailable("x")), 69);
  EXPECT_EQ(cli::ExitCodeFor(Error::LockHeld("x")), 75);
  EXPECT_EQ(cli::ExitCodeFor(Error::Failed("x")), 1);
  EXPECT_EQ(cli::ExitCodeFor(Error::Unsafe("x")), 3);
}

TEST(ExitCodeTest, TheHelpTableNamesEveryCode) {
  std::string table = cli::ExitCodeTable();
  for (int code : {0, 1, 2, 3, 64, 65, 69, 75}) {
    EXPECT_NE(table.find(" " + std::to_string(code) + " "), std::string::npos) << code << " in:\n" << table;
  }
}

}  // namespace
}  // namespace qareports::testing
