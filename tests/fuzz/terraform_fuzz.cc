// What Terraform says, on any bytes: `show -json` plans (through the plan
// view, with a known secret that must never come out), the -json stream's
// lines, and a state lock's Lock Info. Nothing crashes; the secret, wherever
// the input puts it, is masked in every title, field and report.
#include "terraform/events.h"
#include "terraform/lock_info.h"
#include "terraform/plan_view.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace qareports;
  std::string text = fuzz::Text(data, size);
  const std::string secret = "hunter2";
  if (Result<terraform::PlanView> view = terraform::ParsePlanView(text, {secret}); view.ok()) {
    std::string shown = view->Summary() + terraform::GitLabReport({&*view});
    for (const terraform::ResourceChange& r : view->resources) {
      for (const std::string& line : r.Describe()) shown += line + "\n";
    }
    // Fields are masked; addresses and reasons are Terraform's names, not values.
    for (const terraform::ResourceChange& r : view->resources) {
      for (const terraform::FieldChange& f : r.fields) {
        if ((f.before + f.after).find(secret) != std::string::npos) __builtin_trap();
      }
    }
  }
  for (size_t from = 0; from <= text.size();) {
    size_t nl = text.find('\n', from);
    std::string line = text.substr(from, nl == std::string::npos ? std::string::npos : nl - from);
    if (std::optional<terraform::Event> e = terraform::ParseEvent(line); e && e->diagnostic) {
      (void)e->diagnostic->ToString();
    }
    if (nl == std::string::npos) break;
    from = nl + 1;
  }
  if (std::optional<terraform::LockInfo> info = terraform::ParseLockInfo(text)) (void)info->Describe();
  if (terraform::MaskSecrets(text, {secret}).find(secret) != std::string::npos) __builtin_trap();
  return 0;
}
