// src/landauer/methods/optical_methods.h — what optical-mzi and d2nn share (private to methods/):
// their fit summary, their inference time model, the table that holds their converter rates,
// and the declaration of numeric parameters.
#ifndef LANDAUER_METHODS_OPTICAL_METHODS_H_
#define LANDAUER_METHODS_OPTICAL_METHODS_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "landauer/energy/energy_table.h"
#include "landauer/methods/method.h"
#include "landauer/methods/method_params.h"
#include "landauer/optical/epoch_stats.h"

namespace landauer {

// One curve point per epoch; samples and steps from the epoch count, the training set's size
// and the batch; seconds since `start`.
FitSummary OpticalFitSummary(const std::vector<optical::EpochStats>& epochs,
                             std::chrono::steady_clock::time_point start,
                             std::int64_t train_size,
                             int batch);

// Inference: the optics stream one vector per slowest converter period (`vectors` × `period`),
// beside the host's roofline; training (`variant` empty) is the host's roofline.
ModelledTime OpticalPipelineTime(const PhaseReport& phase,
                                 const std::string& variant,
                                 double vectors,
                                 double period);

// The table the run prices with, else the catalog's `table`; `method` names the method in the
// error when there is neither.
const EnergyTable& OpticalTable(const MethodContext& context,
                                const std::string& table,
                                const std::string& method);

ParamSpec RealParam(std::string key,
                    std::string value,
                    std::string unit,
                    std::string doc,
                    double min,
                    double max,
                    bool min_exclusive = false);
ParamSpec IntParam(
    std::string key, std::string value, std::string unit, std::string doc, double min, double max);

}  // namespace landauer

#endif  // LANDAUER_METHODS_OPTICAL_METHODS_H_
