// The grader's side of UNIX domain sockets for lab 10: its own clients, listeners, a reference
// server for us_client, and descriptor passing.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace grade {

// Connects to PATH, waiting at most SECONDS for the server to accept; -1 on failure.
int connect_unix(const std::string& path, double seconds = 10);
// A listening socket bound at PATH (which must not exist).
int listen_unix(const std::string& path);
// Leaves a socket file at PATH that nobody listens on: what a killed server leaves behind.
void make_stale_socket(const std::string& path);
// Starts a child of the grader that serves clients at PATH one after the other, sending
// back each byte upper-cased as soon as it arrives. It is killed when the test ends.
void start_upper_server(const std::string& path);

// Sends descriptor FD over SOCK with one data byte (SCM_RIGHTS).
void send_fd(int sock, int fd);
// Receives a descriptor sent over SOCK; -1 if none came within SECONDS.
int recv_fd(int sock, double seconds);

std::string upper(std::string bytes);  // ASCII letters only
bool is_fifo(int fd);

}  // namespace grade
