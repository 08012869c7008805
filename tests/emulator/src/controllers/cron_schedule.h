// A CronJob's schedule: five fields (minute hour day-of-month month
// day-of-week) with *, ?, a-b, */n, a-b/n, lists, month and day names, 7 as
// Sunday, and the @yearly/@monthly/@weekly/@daily/@hourly macros, read as
// the CronJob controller reads them (in UTC). When both day fields are
// restricted, a time matches either.
#pragma once
#include <bitset>
#include <ctime>
#include <optional>
#include <string>

namespace qareports::emulator {

class CronSchedule {
 public:
  // nullopt, with *error set, when `text` is not a schedule.
  static std::optional<CronSchedule> Parse(const std::string& text, std::string* error);
  // Whether the minute starting at `t` (seconds since the epoch, UTC) is scheduled.
  bool Matches(std::time_t t) const;

 private:
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;
  std::bitset<13> months_;
  std::bitset<7> weekdays_;
  bool any_day_ = true, any_weekday_ = true;
};

}  // namespace qareports::emulator
