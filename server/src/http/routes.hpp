// The API route table: every route of docs/api.md, each mapped to one App method.
#pragma once

#include <string>

#include "http/router.hpp"

namespace zs::http {

// Adds all /api routes. `version` is what GET /api/meta/version answers.
void AddApiRoutes(Router& router, App& app, const std::string& version);

}  // namespace zs::http
