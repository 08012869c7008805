#include "controllers/cron_schedule.h"

#include <cctype>
#include <sstream>
#include <vector>

namespace qareports::emulator {

namespace {

const char* kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
const char* kDays[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

bool Number(std::string s, int lo, const char* const* names, int names_count, int* out) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (int i = 0; i < names_count; ++i)
    if (s == names[i]) {
      *out = lo + i;
      return true;
    }
  if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string::npos) return false;
  *out = std::stoi(s);
  return true;
}

// One field into `bits` (index = value); false when malformed or out of range.
template <std::size_t N>
bool Field(const std::string& field, int lo, int hi, const char* const* names, int names_count,
           std::bitset<N>* bits, bool* any) {
  *any = !field.empty() && (field[0] == '*' || field[0] == '?');
  std::stringstream parts(field);
  std::string part;
  while (std::getline(parts, part, ',')) {
    int step = 1, from = lo, to = hi;
    auto slash = part.find('/');
    std::string range = part.substr(0, slash);
    if (slash != std::string::npos) {
      if (!Number(part.substr(slash + 1), 0, nullptr, 0, &step) || step <= 0) return false;
    }
    if (range != "*" && range != "?") {
      auto dash = range.find('-');
      if (!Number(range.substr(0, dash), lo, names, names_count, &from)) return false;
      if (dash != std::string::npos) {
        if (!Number(range.substr(dash + 1), lo, names, names_count, &to)) return false;
      } else {
        to = slash == std::string::npos ? from : hi;
      }
    }
    if (from < lo || to > hi || from > to) return false;
    for (int v = from; v <= to; v += step) bits->set(static_cast<std::size_t>(v % static_cast<int>(N)));
  }
  return true;
}

}  // namespace

std::optional<CronSchedule> CronSchedule::Parse(const std::string& text, std::string* error) {
  std::string spec = text;
  if (spec == "@yearly" || spec == "@annually") spec = "0 0 1 1 *";
  else if (spec == "@monthly") spec = "0 0 1 * *";
  else if (spec == "@weekly") spec = "0 0 * * 0";
  else if (spec == "@daily" || spec == "@midnight") spec = "0 0 * * *";
  else if (spec == "@hourly") spec = "0 * * * *";
  std::istringstream in(spec);
  std::vector<std::string> f;
  for (std::string w; in >> w;) f.push_back(w);
  if (f.size() != 5) {
    *error = "expected exactly 5 fields, found " + std::to_string(f.size()) + ": " + text;
    return std::nullopt;
  }
  CronSchedule s;
  bool ignored = false;
  std::bitset<8> weekdays;  // 0-7, 7 folded onto Sunday below
  if (!Field(f[0], 0, 59, nullptr, 0, &s.minutes_, &ignored) ||
      !Field(f[1], 0, 23, nullptr, 0, &s.hours_, &ignored) ||
      !Field(f[2], 1, 31, nullptr, 0, &s.days_, &s.any_day_) ||
      !Field(f[3], 1, 12, kMonths, 12, &s.months_, &ignored) ||
      !Field(f[4], 0, 7, kDays, 7, &weekdays, &s.any_weekday_)) {
    *error = "unparseable schedule: " + text;
    return std::nullopt;
  }
  for (std::size_t d = 0; d < 7; ++d) s.weekdays_[d] = weekdays[d] || (d == 0 && weekdays[7]);
  return s;
}

bool CronSchedule::Matches(std::time_t t) const {
  std::tm tm{};
  gmtime_r(&t, &tm);
  if (!minutes_[static_cast<std::size_t>(tm.tm_min)] || !hours_[static_cast<std::size_t>(tm.tm_hour)] ||
      !months_[static_cast<std::size_t>(tm.tm_mon + 1)])
    return false;
  bool day = days_[static_cast<std::size_t>(tm.tm_mday)], weekday = weekdays_[static_cast<std::size_t>(tm.tm_wday)];
  if (any_day_ || any_weekday_) return day && weekday;
  return day || weekday;
}

}  // namespace qareports::emulator
