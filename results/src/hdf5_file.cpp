#include "icsflow/results/hdf5_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include <hdf5.h>

#include "hdf5_handle.hpp"
#include "icsflow/results/output.hpp"

namespace icsflow::results {
namespace {

constexpr hsize_t kChunkRows = 1 << 16;
constexpr unsigned kDeflateLevel = 4;

using detail::Handle;

void check(herr_t status, const std::string& what) {
  if (status < 0) throw ResultsError("HDF5: could not " + what);
}

Handle string_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  check(H5Tset_size(type, H5T_VARIABLE), "make a string type");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "make a string type");
  return type;
}

void write_string_attribute(hid_t object, const std::string& name, const std::string& value) {
  if (H5Aexists(object, name.c_str()) > 0) H5Adelete(object, name.c_str());
  Handle type = string_type();
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attribute(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!attribute.ok()) throw ResultsError("HDF5: could not create attribute '" + name + "'");
  const char* text = value.c_str();
  check(H5Awrite(attribute, type, &text), "write attribute '" + name + "'");
}

template <class T>
void write_number_attribute(hid_t object, const std::string& name, hid_t file_type, hid_t memory_type, T value) {
  if (H5Aexists(object, name.c_str()) > 0) H5Adelete(object, name.c_str());
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attribute(H5Acreate2(object, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!attribute.ok()) throw ResultsError("HDF5: could not create attribute '" + name + "'");
  check(H5Awrite(attribute, memory_type, &value), "write attribute '" + name + "'");
}

void write_column(hid_t group, const Column& column) {
  const hsize_t rows = column.size();
  Handle space(H5Screate_simple(1, &rows, nullptr), H5Sclose);
  Handle properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  if (rows > 0) {
    const hsize_t chunk = std::min(rows, kChunkRows);
    check(H5Pset_chunk(properties, 1, &chunk), "set chunking");
    check(H5Pset_shuffle(properties), "set shuffle");
    check(H5Pset_deflate(properties, kDeflateLevel), "set compression");
  }
  const auto create = [&](hid_t file_type) {
    hid_t id = H5Dcreate2(group, column.name.c_str(), file_type, space, H5P_DEFAULT, properties, H5P_DEFAULT);
    if (id < 0) throw ResultsError("HDF5: could not create dataset '" + column.name + "'");
    return Handle(id, H5Dclose);
  };
  if (const auto* integers = std::get_if<std::vector<std::int64_t>>(&column.data)) {
    Handle dataset = create(H5T_STD_I64LE);
    check(H5Dwrite(dataset, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, integers->data()), "write " + column.name);
    if (!column.unit.empty()) write_string_attribute(dataset, "unit", column.unit);
  } else if (const auto* reals = std::get_if<std::vector<double>>(&column.data)) {
    Handle dataset = create(H5T_IEEE_F64LE);
    check(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, reals->data()), "write " + column.name);
    if (!column.unit.empty()) write_string_attribute(dataset, "unit", column.unit);
  } else {
    const auto& strings = std::get<std::vector<std::string>>(column.data);
    std::vector<const char*> pointers;
    pointers.reserve(strings.size());
    for (const std::string& s : strings) pointers.push_back(s.c_str());
    Handle type = string_type();
    Handle dataset = create(type);
    check(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "write " + column.name);
    if (!column.unit.empty()) write_string_attribute(dataset, "unit", column.unit);
  }
}

}  // namespace

Hdf5File::Hdf5File(std::filesystem::path path) : path_(std::move(path)) {
  detail::start_hdf5();
  check_output(path_);
  temporary_ = path_.string() + ".tmp-" + std::to_string(::getpid());
  register_temporary(temporary_);
  file_ = H5Fcreate(temporary_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file_ < 0) {
    forget_temporary(temporary_);
    throw ResultsError("cannot create '" + temporary_.string() + "'");
  }
}

Hdf5File::~Hdf5File() {
  if (committed_) return;
  if (file_ >= 0) H5Fclose(file_);
  std::error_code ignored;
  std::filesystem::remove(temporary_, ignored);
  forget_temporary(temporary_);
}

std::int64_t Hdf5File::open_group(const std::string& group) {
  std::vector<std::string> parts;
  {
    std::stringstream stream(group);
    std::string part;
    while (std::getline(stream, part, '/')) {
      if (!part.empty()) parts.push_back(part);
    }
  }
  // The group named (the one a table's columns go in) records the order its links were created, so that
  // Hdf5Reader gives the columns back in the order written. Groups above it keep HDF5's default, listed by
  // name: h5py iterates tracked groups in creation order, and readers of /scenarios rely on name order.
  Handle ordered(H5Pcreate(H5P_GROUP_CREATE), H5Pclose);
  check(H5Pset_link_creation_order(ordered, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "set link creation order");
  hid_t current = H5Gopen2(file_, "/", H5P_DEFAULT);
  std::string path;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    path += "/" + parts[i];
    const hid_t creation = i + 1 == parts.size() ? static_cast<hid_t>(ordered) : H5P_DEFAULT;
    hid_t next = H5Lexists(file_, path.c_str(), H5P_DEFAULT) > 0
                     ? H5Gopen2(file_, path.c_str(), H5P_DEFAULT)
                     : H5Gcreate2(file_, path.c_str(), H5P_DEFAULT, creation, H5P_DEFAULT);
    H5Gclose(current);
    if (next < 0) throw ResultsError("HDF5: could not open or create group '" + path + "'");
    current = next;
  }
  return current;
}

void Hdf5File::write_table(const std::string& group, const Table& table) {
  Handle handle(static_cast<hid_t>(open_group(group)), H5Gclose);
  for (const Column& column : table.columns()) write_column(handle, column);
  write_number_attribute(handle, "rows", H5T_STD_I64LE, H5T_NATIVE_INT64, static_cast<std::int64_t>(table.rows()));
}

void Hdf5File::set_attribute(const std::string& object, const std::string& name, const std::string& value) {
  Handle handle(static_cast<hid_t>(open_group(object)), H5Gclose);
  write_string_attribute(handle, name, value);
}

void Hdf5File::set_attribute(const std::string& object, const std::string& name, double value) {
  Handle handle(static_cast<hid_t>(open_group(object)), H5Gclose);
  write_number_attribute(handle, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, value);
}

void Hdf5File::set_attribute(const std::string& object, const std::string& name, std::int64_t value) {
  Handle handle(static_cast<hid_t>(open_group(object)), H5Gclose);
  write_number_attribute(handle, name, H5T_STD_I64LE, H5T_NATIVE_INT64, value);
}

void Hdf5File::commit() {
  if (committed_) return;
  // The handle is given up whatever H5Fclose says (closing it again would be a double close): a failed
  // close (a full disk) leaves an incomplete temporary file, which the destructor removes.
  const herr_t closed = H5Fclose(file_);
  file_ = -1;
  if (closed < 0) throw ResultsError("could not finish writing '" + path_.string() + "' (is the disk full?)");
  std::error_code error;
  std::filesystem::rename(temporary_, path_, error);
  if (error)
    throw ResultsError("cannot rename '" + temporary_.string() + "' to '" + path_.string() + "': " + error.message());
  committed_ = true;
  forget_temporary(temporary_);
}

}  // namespace icsflow::results
