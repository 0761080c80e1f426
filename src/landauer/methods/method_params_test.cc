// Declared parameters: parsing --param, resolving defaults, settings and overrides, and the
// errors that name the method, the key, the accepted values and the unit.
#include "landauer/methods/method_params.h"

#include <gtest/gtest.h>

namespace landauer {
namespace {

std::vector<ParamSpec> Specs() {
  return {{.key = "batch",
           .type = ParamType::kInt,
           .default_value = "64",
           .unit = "samples",
           .doc = "mini-batch size",
           .min = 1},
          {.key = "epochs",
           .type = ParamType::kInt,
           .default_value = "5",
           .doc = "passes",
           .min = 1,
           .setting = CommonSetting::kEpochs},
          {.key = "kappa0",
           .type = ParamType::kReal,
           .default_value = "0.001",
           .doc = "noise variance",
           .min = 0.0},
          {.key = "rate",
           .type = ParamType::kReal,
           .default_value = "0.5",
           .unit = "1/tau",
           .doc = "rate",
           .min = 0.0,
           .max = 1.0,
           .min_exclusive = true},
          {.key = "integrator",
           .type = ParamType::kText,
           .default_value = "exact",
           .doc = "integrator",
           .choices = {"exact", "euler-maruyama"}}};
}

std::string ErrorOf(const std::vector<ParamOverride>& overrides) {
  try {
    ResolveParams("toy", Specs(), MethodSettings{}, overrides);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

TEST(MethodParams, ParsesMethodKeyValue) {
  const ParamOverride o = ParseParamOverride("tngd-mlp.batch=32");
  EXPECT_EQ(o.method, "tngd-mlp");
  EXPECT_EQ(o.key, "batch");
  EXPECT_EQ(o.value, "32");
  EXPECT_EQ(ParseParamOverride("m.hidden=64-32").value, "64-32");
  EXPECT_EQ(ParseParamOverride("m.k=").value, "");
  for (const char* bad : {"batch=32", "tngd-mlp.batch", ".batch=1", "m.=1", "m=1.2"}) {
    try {
      ParseParamOverride(bad);
      ADD_FAILURE() << bad << " parsed";
    } catch (const std::invalid_argument& error) {
      EXPECT_NE(std::string(error.what()).find("METHOD.KEY=VALUE"), std::string::npos) << bad;
    }
  }
}

TEST(MethodParams, ResolvesDefaultsThenSettingsThenOverrides) {
  MethodSettings settings;
  settings.epochs = 9;
  MethodParams params = ResolveParams("toy", Specs(), settings, {});
  EXPECT_EQ(params.Int("batch"), 64);
  EXPECT_EQ(params.Int("epochs"), 9);  // follows --epochs
  EXPECT_DOUBLE_EQ(params.Real("kappa0"), 1e-3);
  EXPECT_EQ(params.Text("integrator"), "exact");
  params = ResolveParams("toy",
                         Specs(),
                         settings,
                         {{"toy", "epochs", "2"}, {"other", "batch", "x"}, {"toy", "kappa0", "0"}});
  EXPECT_EQ(params.Int("epochs"), 2);  // --param wins over the setting
  EXPECT_EQ(params.Int("batch"), 64);  // another method's override is not ours
  EXPECT_EQ(params.Real("kappa0"), 0.0);
  const nlohmann::json json = params.ToJson();
  EXPECT_EQ(json["batch"], 64);
  EXPECT_EQ(json["integrator"], "exact");
  EXPECT_TRUE(json["kappa0"].is_number());
  EXPECT_THROW(params.Int("kappa0"), std::logic_error);  // a real, read as int: a bug
  EXPECT_THROW(params.Real("nothing"), std::logic_error);
}

TEST(MethodParams, UnknownKeyListsTheDeclaredOnes) {
  const std::string message = ErrorOf({{"toy", "bach", "32"}});
  EXPECT_NE(message.find("toy has no parameter 'bach'"), std::string::npos) << message;
  EXPECT_NE(message.find("batch, epochs, kappa0, rate, integrator"), std::string::npos) << message;
}

TEST(MethodParams, BadValuesNameMethodKeyAcceptedValuesAndUnit) {
  std::string message = ErrorOf({{"toy", "batch", "abc"}});
  EXPECT_NE(message.find("--param toy.batch=abc"), std::string::npos) << message;
  EXPECT_NE(message.find("toy.batch"), std::string::npos) << message;
  EXPECT_NE(message.find("an integer >= 1"), std::string::npos) << message;
  EXPECT_NE(message.find("(unit: samples)"), std::string::npos) << message;
  EXPECT_NE(ErrorOf({{"toy", "batch", "0"}}).find(">= 1"), std::string::npos);
  EXPECT_NE(ErrorOf({{"toy", "batch", "2.5"}}), "");
  EXPECT_NE(ErrorOf({{"toy", "batch", "99999999999"}}), "");  // beyond int
  message = ErrorOf({{"toy", "rate", "0"}});                  // (0, 1]
  EXPECT_NE(message.find("a number in (0, 1]"), std::string::npos) << message;
  EXPECT_NE(message.find("(unit: 1/tau)"), std::string::npos) << message;
  EXPECT_EQ(ErrorOf({{"toy", "rate", "1"}}), "");
  EXPECT_NE(ErrorOf({{"toy", "kappa0", "nan"}}), "");
  EXPECT_NE(ErrorOf({{"toy", "kappa0", "inf"}}), "");
  EXPECT_NE(ErrorOf({{"toy", "kappa0", "-1"}}), "");
  message = ErrorOf({{"toy", "integrator", "rk4"}});
  EXPECT_NE(message.find("one of: exact, euler-maruyama"), std::string::npos) << message;
  // A bad run-wide setting is named as the option it came from.
  MethodSettings settings;
  settings.epochs = 0;
  try {
    ResolveParams("toy", Specs(), settings, {});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("--epochs 0"), std::string::npos) << error.what();
  }
}

TEST(MethodParams, ChecksRunAfterTheTypeAndDescribeTheValues) {
  ParamSpec bits{.key = "bits",
                 .type = ParamType::kInt,
                 .default_value = "0",
                 .unit = "bits",
                 .doc = "precision",
                 .min = 0,
                 .max = 24,
                 .check = [](std::string_view v) -> std::string {
                   return v == "1" ? "1 bit cannot hold a signed value" : "";
                 },
                 .accepted = "0 (ideal) or 2 to 24"};
  EXPECT_EQ(CheckParamValue(bits, "0"), "");
  EXPECT_EQ(CheckParamValue(bits, "8"), "");
  EXPECT_EQ(CheckParamValue(bits, "1"),
            "1 bit cannot hold a signed value; expected 0 (ideal) or 2 to 24 (unit: bits)");
  EXPECT_EQ(CheckParamValue(bits, "25"), "expected 0 (ideal) or 2 to 24 (unit: bits)");
  EXPECT_EQ(ToString(ParamType::kText), "text");
  EXPECT_EQ(ToString(CommonSetting::kLearningRate), "--lr");
  EXPECT_EQ(MethodSettings{}.Value(CommonSetting::kLearningRate), "0.001");
  EXPECT_EQ(MethodSettings{}.Value(CommonSetting::kHidden), "256-256");
}

}  // namespace
}  // namespace landauer
