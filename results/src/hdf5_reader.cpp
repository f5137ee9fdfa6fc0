#include "icsflow/results/hdf5_reader.hpp"

#include <sstream>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <hdf5.h>

#include "hdf5_handle.hpp"

namespace icsflow::results {
namespace {

using detail::Handle;

// The deepest message on HDF5's error stack (the cause, e.g. "Permission denied"), or "".
std::string hdf5_error_cause() {
  std::string cause;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_DOWNWARD,
      [](unsigned, const H5E_error2_t* entry, void* data) -> herr_t {
        if (entry->desc != nullptr && entry->desc[0] != '\0') *static_cast<std::string*>(data) = entry->desc;
        return 0;
      },
      &cause);
  return cause.empty() ? cause : " (" + cause + ")";
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream stream(path);
  std::string part;
  while (std::getline(stream, part, '/')) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// Integers that int64 holds without loss: signed ones up to 64 bits, unsigned ones narrower than that.
bool fits_int64(hid_t type) {
  const std::size_t size = H5Tget_size(type);
  return H5Tget_sign(type) == H5T_SGN_2 ? size <= sizeof(std::int64_t) : size < sizeof(std::int64_t);
}

bool fits_double(hid_t type) { return H5Tget_size(type) <= sizeof(double); }

// Reads `count` strings stored with `file_type` (variable or fixed length) through `read(memory_type, buffer)`
// (an H5Dread or H5Aread). Returns the status of the read.
template <class Read>
herr_t read_strings(hid_t file_type, hsize_t count, std::vector<std::string>& values, Read read) {
  values.clear();
  if (count == 0) return 0;
  Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
  // Reading in the file's own character set: HDF5 does not convert between ASCII and UTF-8, bytes pass as is.
  if (!memory.ok() || H5Tset_cset(memory, H5Tget_cset(file_type)) < 0) return -1;
  if (H5Tis_variable_str(file_type) > 0) {
    if (H5Tset_size(memory, H5T_VARIABLE) < 0) return -1;
    std::vector<char*> pointers(count, nullptr);
    Handle space(H5Screate_simple(1, &count, nullptr), H5Sclose);
    if (!space.ok()) return -1;
    // HDF5 allocates the strings; they are freed however the copies below end.
    struct Reclaim {
      hid_t type, space;
      std::vector<char*>& pointers;
      ~Reclaim() { H5Dvlen_reclaim(type, space, H5P_DEFAULT, pointers.data()); }
    } reclaim{memory, space, pointers};
    const herr_t status = read(memory, pointers.data());
    if (status < 0) return status;
    values.reserve(count);
    for (const char* text : pointers) values.emplace_back(text != nullptr ? text : "");
    return status;
  }
  const std::size_t size = H5Tget_size(file_type);
  const H5T_str_t padding = H5Tget_strpad(file_type);
  if (size == 0 || H5Tset_size(memory, size) < 0 || H5Tset_strpad(memory, padding) < 0) return -1;
  std::vector<char> buffer(size * count);
  const herr_t status = read(memory, buffer.data());
  if (status < 0) return status;
  values.reserve(count);
  for (hsize_t i = 0; i < count; ++i) {
    std::string_view text(buffer.data() + i * size, size);
    if (padding == H5T_STR_SPACEPAD) {
      while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    } else {
      text = text.substr(0, text.find('\0'));
    }
    values.emplace_back(text);
  }
  return status;
}

// Names of the hard links in a group, in the order of H5Literate's index.
herr_t collect_hard_link(hid_t, const char* name, const H5L_info_t* info, void* names) {
  try {
    if (info->type == H5L_TYPE_HARD) static_cast<std::vector<std::string>*>(names)->emplace_back(name);
    return 0;
  } catch (...) {
    return -1;
  }
}

}  // namespace

Hdf5Reader::Hdf5Reader(const std::filesystem::path& path) : path_(path) {
  detail::start_hdf5();
  std::error_code ignored;
  if (!std::filesystem::exists(path_, ignored)) throw error("no such file");
  if (std::filesystem::is_directory(path_, ignored)) throw error("is a directory");
  if (H5Fis_hdf5(path_.c_str()) == 0) throw error("not an HDF5 file");
  file_ = H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file_ < 0) throw error("cannot open" + hdf5_error_cause());
}

Hdf5Reader::~Hdf5Reader() {
  if (file_ >= 0) H5Fclose(file_);
}

ResultsError Hdf5Reader::error(const std::string& what) const {
  return ResultsError("results file '" + path_.string() + "': " + what);
}

bool Hdf5Reader::has(const std::string& object) const {
  if (object.empty()) return false;
  // H5Lexists fails rather than answering when a parent is missing, so each level is checked in turn.
  std::string path;
  for (const std::string& part : split_path(object)) {
    path += "/" + part;
    if (H5Lexists(file_, path.c_str(), H5P_DEFAULT) <= 0) return false;
  }
  return path.empty() || H5Oexists_by_name(file_, path.c_str(), H5P_DEFAULT) > 0;  // not a dangling soft link
}

Table Hdf5Reader::read_table(const std::string& group) const {
  if (!has(group)) throw error("no group '" + group + "'");
  Handle handle(H5Gopen2(file_, group.c_str(), H5P_DEFAULT), H5Gclose);
  if (!handle.ok()) throw error("'" + group + "' is not a group");

  unsigned order_flags = 0;
  {
    Handle creation(H5Gget_create_plist(handle), H5Pclose);
    if (!creation.ok() || H5Pget_link_creation_order(creation, &order_flags) < 0) {
      throw error("cannot read the properties of group '" + group + "'" + hdf5_error_cause());
    }
  }
  const H5_index_t index = (order_flags & H5P_CRT_ORDER_TRACKED) != 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
  std::vector<std::string> names;
  hsize_t position = 0;
  if (H5Literate(handle, index, H5_ITER_INC, &position, collect_hard_link, &names) < 0) {
    throw error("cannot list group '" + group + "'" + hdf5_error_cause());
  }

  Table table;
  for (const std::string& name : names) {
    const std::string where = (group.ends_with('/') ? group : group + "/") + name;
    Handle object(H5Oopen(handle, name.c_str(), H5P_DEFAULT), H5Oclose);
    if (!object.ok()) throw error("cannot open '" + where + "'" + hdf5_error_cause());
    if (H5Iget_type(object) != H5I_DATASET) continue;  // a subgroup, not a column

    Handle space(H5Dget_space(object), H5Sclose);
    if (!space.ok() || H5Sget_simple_extent_type(space) != H5S_SIMPLE || H5Sget_simple_extent_ndims(space) != 1) {
      throw error("column '" + where + "' is not a one-dimensional dataset");
    }
    hsize_t rows = 0;
    H5Sget_simple_extent_dims(space, &rows, nullptr);
    Handle type(H5Dget_type(object), H5Tclose);
    const auto read = [&](hid_t memory_type, void* buffer) {
      return H5Dread(object, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
    };
    const auto failed = [&] { return error("cannot read column '" + where + "'" + hdf5_error_cause()); };

    Column column;
    column.name = name;
    switch (H5Tget_class(type)) {
      case H5T_INTEGER: {
        if (!fits_int64(type)) throw error("column '" + where + "' has integers that do not fit in int64");
        std::vector<std::int64_t> values(rows);
        if (rows > 0 && read(H5T_NATIVE_INT64, values.data()) < 0) throw failed();
        column.data = std::move(values);
        break;
      }
      case H5T_FLOAT: {
        if (!fits_double(type)) throw error("column '" + where + "' has floating-point numbers wider than double");
        std::vector<double> values(rows);
        if (rows > 0 && read(H5T_NATIVE_DOUBLE, values.data()) < 0) throw failed();
        column.data = std::move(values);
        break;
      }
      case H5T_STRING: {
        std::vector<std::string> values;
        if (read_strings(type, rows, values, read) < 0) throw failed();
        column.data = std::move(values);
        break;
      }
      default:
        throw error("column '" + where + "' has an unsupported type (not integer, floating-point or string)");
    }

    if (H5Aexists(object, "unit") > 0) {
      Handle unit(H5Aopen(object, "unit", H5P_DEFAULT), H5Aclose);
      Handle unit_type(H5Aget_type(unit), H5Tclose);
      Handle unit_space(H5Aget_space(unit), H5Sclose);
      if (H5Tget_class(unit_type) != H5T_STRING || H5Sget_simple_extent_npoints(unit_space) != 1) {
        throw error("the unit of column '" + where + "' is not a single string");
      }
      const auto read_unit = [&](hid_t memory_type, void* buffer) { return H5Aread(unit, memory_type, buffer); };
      std::vector<std::string> text;
      if (read_strings(unit_type, 1, text, read_unit) < 0) {
        throw error("cannot read the unit of column '" + where + "'" + hdf5_error_cause());
      }
      column.unit = text.front();
    }

    if (!table.columns().empty() && column.size() != table.rows()) {
      throw error("table '" + group + "': column '" + name + "' has " + std::to_string(column.size()) +
                  " rows, column '" + table.columns().front().name + "' has " + std::to_string(table.rows()));
    }
    table.add(std::move(column));
  }

  // Hdf5File records the row count as an int64 "rows" attribute; a disagreement means a damaged table.
  if (!table.columns().empty() && H5Aexists(handle, "rows") > 0) {
    Handle attribute(H5Aopen(handle, "rows", H5P_DEFAULT), H5Aclose);
    Handle type(H5Aget_type(attribute), H5Tclose);
    Handle space(H5Aget_space(attribute), H5Sclose);
    std::int64_t rows = 0;
    const bool is_count = H5Tget_class(type) == H5T_INTEGER && fits_int64(type) &&
                          H5Sget_simple_extent_npoints(space) == 1 && H5Aread(attribute, H5T_NATIVE_INT64, &rows) >= 0;
    if (is_count && rows != static_cast<std::int64_t>(table.rows())) {
      throw error("table '" + group + "' has " + std::to_string(table.rows()) + " rows, its 'rows' attribute says " +
                  std::to_string(rows));
    }
  }
  return table;
}

std::int64_t Hdf5Reader::open_attribute(const std::string& object, const std::string& name) const {
  if (!has(object)) throw error("no group or dataset '" + object + "'");
  if (H5Aexists_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT) <= 0) {
    throw error("no attribute '" + name + "' on '" + object + "'");
  }
  const hid_t attribute = H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
  if (attribute < 0) throw error("cannot open attribute '" + name + "' of '" + object + "'" + hdf5_error_cause());
  Handle space(H5Aget_space(attribute), H5Sclose);
  if (H5Sget_simple_extent_npoints(space) != 1) {
    H5Aclose(attribute);
    throw error("attribute '" + name + "' of '" + object + "' is not a single value");
  }
  return attribute;
}

std::int64_t Hdf5Reader::open_object(const std::string& object) const {
  if (!has(object)) throw error("no group or dataset '" + object + "'");
  const hid_t id = H5Oopen(file_, object.c_str(), H5P_DEFAULT);
  if (id < 0) throw error("cannot open '" + object + "'" + hdf5_error_cause());
  return id;
}

bool Hdf5Reader::has_attribute(const std::string& object, const std::string& name) const {
  if (!has(object)) return false;
  Handle handle(static_cast<hid_t>(open_object(object)), H5Oclose);
  return H5Aexists(handle, name.c_str()) > 0;
}

std::string Hdf5Reader::string_attribute(const std::string& object, const std::string& name) const {
  Handle attribute(static_cast<hid_t>(open_attribute(object, name)), H5Aclose);
  Handle type(H5Aget_type(attribute), H5Tclose);
  if (H5Tget_class(type) != H5T_STRING) throw error("attribute '" + name + "' of '" + object + "' is not a string");
  const auto read = [&](hid_t memory_type, void* buffer) { return H5Aread(attribute, memory_type, buffer); };
  std::vector<std::string> values;
  if (read_strings(type, 1, values, read) < 0) {
    throw error("cannot read attribute '" + name + "' of '" + object + "'" + hdf5_error_cause());
  }
  return values.front();
}

double Hdf5Reader::double_attribute(const std::string& object, const std::string& name) const {
  Handle attribute(static_cast<hid_t>(open_attribute(object, name)), H5Aclose);
  Handle type(H5Aget_type(attribute), H5Tclose);
  if (H5Tget_class(type) != H5T_FLOAT || !fits_double(type)) {
    throw error("attribute '" + name + "' of '" + object + "' is not a floating-point number");
  }
  double value = 0;
  if (H5Aread(attribute, H5T_NATIVE_DOUBLE, &value) < 0) {
    throw error("cannot read attribute '" + name + "' of '" + object + "'" + hdf5_error_cause());
  }
  return value;
}

std::int64_t Hdf5Reader::int_attribute(const std::string& object, const std::string& name) const {
  Handle attribute(static_cast<hid_t>(open_attribute(object, name)), H5Aclose);
  Handle type(H5Aget_type(attribute), H5Tclose);
  if (H5Tget_class(type) != H5T_INTEGER || !fits_int64(type)) {
    throw error("attribute '" + name + "' of '" + object + "' is not an integer that fits in int64");
  }
  std::int64_t value = 0;
  if (H5Aread(attribute, H5T_NATIVE_INT64, &value) < 0) {
    throw error("cannot read attribute '" + name + "' of '" + object + "'" + hdf5_error_cause());
  }
  return value;
}

}  // namespace icsflow::results
